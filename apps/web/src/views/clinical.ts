import { lineChart } from '../charts.js';
import { fmtDate, h, uid } from '../dom.js';

/** Display texts for the instruments (CLINICAL-RULES.md §1–§3); scoring stays on the server. */
export const PHQ9_ITEMS = [
  'Little interest or pleasure in doing things',
  'Feeling down, depressed, or hopeless',
  'Trouble falling or staying asleep, or sleeping too much',
  'Feeling tired or having little energy',
  'Poor appetite or overeating',
  'Feeling bad about yourself, or that you are a failure or have let yourself or your family down',
  'Trouble concentrating on things, such as reading the newspaper or watching television',
  'Moving or speaking so slowly that other people could have noticed, or the opposite, being so fidgety or restless',
  'Thoughts that you would be better off dead or of hurting yourself in some way',
];
export const GAD7_ITEMS = [
  'Feeling nervous, anxious, or on edge',
  'Not being able to stop or control worrying',
  'Worrying too much about different things',
  'Trouble relaxing',
  'Being so restless that it is hard to sit still',
  'Becoming easily annoyed or irritable',
  'Feeling afraid as if something awful might happen',
];
const ANSWERS = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'];

export const PHQ9_BANDS = [
  { from: 0, to: 4.5, label: 'minimal', color: '#e8f5e9' },
  { from: 4.5, to: 9.5, label: 'mild', color: '#f1f8e9' },
  { from: 9.5, to: 14.5, label: 'moderate', color: '#fffde7' },
  { from: 14.5, to: 19.5, label: 'mod. severe', color: '#fff3e0' },
  { from: 19.5, to: 27, label: 'severe', color: '#ffebee' },
];

/** A questionnaire as radio groups (large targets, keyboard-friendly); returns the answers or null. */
export function questionnaire(
  name: string,
  items: string[],
): { el: HTMLElement; answers(): number[] | null } {
  const groups = items.map((text, i) => {
    const gname = uid(`${name}-${i}`);
    return h(
      'fieldset',
      { class: 'item', 'data-field': `${name}.${i}` },
      h('legend', {}, `${i + 1}. ${text}`),
      h(
        'div',
        { class: 'choices' },
        ANSWERS.map((a, v) =>
          h('label', {}, h('input', { type: 'radio', name: gname, value: v }), ` ${v} ${a}`),
        ),
      ),
    );
  });
  return {
    el: h('div', { class: 'questionnaire', 'data-field': name }, groups, h('p', { class: 'field-error' })),
    answers() {
      const values = groups.map((g) => g.querySelector<HTMLInputElement>('input:checked')?.value);
      return values.every((v) => v !== undefined) ? values.map(Number) : null;
    },
  };
}

export interface Assessment {
  id: string;
  instrument: 'PHQ9' | 'GAD7';
  totalScore: number;
  severity: string;
  administeredAt: string;
  context: string;
}

export interface Outcomes {
  firstDoseAt: string | null;
  baseline: { totalScore: number; administeredAt: string } | null;
  latest: { totalScore: number; administeredAt: string } | null;
  change: number | null;
  percentChange: number | null;
  response: boolean | null;
  remission: boolean | null;
  meaningfulImprovement: boolean | null;
  weeksSinceFirstDose: number | null;
}

const DAY = 86_400_000;

/** PHQ-9 over time: severity bands shaded, the first dose marked, response and remission lines. */
export function phq9Chart(items: Assessment[], outcomes: Outcomes | null, timeZone?: string): HTMLElement {
  const phq = items.filter((a) => a.instrument === 'PHQ9');
  const firstDose = outcomes?.firstDoseAt ? Date.parse(outcomes.firstDoseAt) : null;
  const thresholds = [{ y: 4.5, label: 'remission < 5', color: '#1b5e20' }];
  if (outcomes?.baseline)
    thresholds.push({ y: outcomes.baseline.totalScore / 2, label: 'response (−50 %)', color: '#0d47a1' });
  const xs = phq.map((a) => Date.parse(a.administeredAt));
  if (firstDose) xs.push(firstDose);
  return lineChart({
    title: 'PHQ-9 over time',
    summary: phq.length
      ? `${phq.length} PHQ-9 scores, from ${phq[0].totalScore} to ${phq[phq.length - 1].totalScore}.`
      : 'No PHQ-9 scores yet.',
    series: [
      {
        name: 'PHQ-9 total',
        color: '#37474f',
        points: phq.map((a) => ({
          x: Date.parse(a.administeredAt),
          y: a.totalScore,
          label: `PHQ-9 ${a.totalScore} (${a.severity.replace(/_/g, ' ')}), ${fmtDate(a.administeredAt, timeZone)}`,
        })),
      },
    ],
    yMin: 0,
    yMax: 27,
    yTicks: [0, 5, 10, 15, 20, 27],
    xMin: Math.min(...xs) - DAY,
    xMax: Math.max(...xs) + DAY,
    xFormat: (x) => fmtDate(new Date(x).toISOString(), timeZone).replace(/ \d{4}$/, ''),
    bands: PHQ9_BANDS,
    thresholds,
    markers: firstDose ? [{ x: firstDose, label: 'first dose' }] : [],
  });
}

/** Response / remission called out in words (a value that cannot be derived yet says so). */
export function outcomeCallout(o: Outcomes): HTMLElement {
  const yesNo = (v: boolean | null, yes: string, no: string) =>
    v === null
      ? h('span', { class: 'pill pending' }, `${yes}: not yet known`)
      : v
        ? h('strong', { class: 'pill good' }, yes)
        : h('span', { class: 'pill' }, no);
  return h(
    'div',
    { class: 'callout', 'aria-label': 'Outcomes' },
    h(
      'dl',
      { class: 'facts' },
      h(
        'div',
        {},
        h('dt', {}, 'Baseline PHQ-9'),
        h('dd', {}, o.baseline ? String(o.baseline.totalScore) : '—'),
      ),
      h('div', {}, h('dt', {}, 'Latest PHQ-9'), h('dd', {}, o.latest ? String(o.latest.totalScore) : '—')),
      h(
        'div',
        {},
        h('dt', {}, 'Change'),
        h(
          'dd',
          {},
          o.change === null
            ? '—'
            : `${o.change > 0 ? '+' : ''}${o.change}${o.percentChange === null ? '' : ` (${Math.round(o.percentChange)} %)`}`,
        ),
      ),
      h(
        'div',
        {},
        h('dt', {}, 'Weeks since first dose'),
        h('dd', {}, o.weeksSinceFirstDose === null ? '—' : String(o.weeksSinceFirstDose)),
      ),
    ),
    h(
      'p',
      {},
      yesNo(o.response, 'Response (≥ 50 % drop)', 'No response yet'),
      ' ',
      yesNo(o.remission, 'Remission (PHQ-9 < 5)', 'Not in remission'),
      ' ',
      o.meaningfulImprovement
        ? h('span', { class: 'pill good' }, 'Meaningful improvement (≥ 5 points)')
        : null,
    ),
  );
}
