import { get } from '../api.js';
import type { View } from '../app.js';
import { lineChart, rateBars } from '../charts.js';
import { alertBox, busy, field, fmtDateTime, formError, h, humanize, loading, replace } from '../dom.js';
import { PHQ9_BANDS } from './clinical.js';
import { reportFiles } from './reports.js';

interface Rate {
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  n: number | null;
}
interface Group {
  key: string | null;
  label?: string;
  suppressed: boolean;
  patientsEnrolled: number | null;
  patientsTreated: number | null;
  sessionsCompleted: number | null;
  meanSessionsPerPatient: number | null;
  phq9: {
    baselineMean: number | null;
    baselineSd: number | null;
    latestMean: number | null;
    latestSd: number | null;
    meanChange: number | null;
  };
  responseRate: Rate;
  remissionRate: Rate;
  item9FlaggedShare: number | null;
  timeline: { week: number; meanPhq9: number | null; n: number | null }[];
}
interface Report {
  generatedAt: string;
  suppressionThreshold: number;
  groups: Group[];
  total: Group;
}

/** Shown for every suppressed value: never a number (CLINICAL-RULES.md §8). */
export const SUPPRESSED = 'fewer than 11';
const GROUP_BY = ['none', 'clinic', 'indication', 'cohort', 'age_band'];
const GROUP_LABEL: Record<string, string> = {
  none: 'All patients',
  clinic: 'Clinic',
  indication: 'Indication',
  cohort: 'Cohort (quarter of first dose)',
  age_band: 'Age band',
};
const COLORS = ['#1565c0', '#c62828', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#4e342e', '#ad1457'];

const cell = (v: number | null | undefined, digits = 0, suffix = '') =>
  v === null || v === undefined
    ? h(
        'td',
        {
          class: 'suppressed',
          title: 'Suppressed: fewer than 11 patients, or withheld so that a small count cannot be derived',
        },
        SUPPRESSED,
      )
    : h('td', {}, `${v.toFixed(digits)}${suffix}`);
const pct = (r: Rate) =>
  r.value === null
    ? cell(null)
    : h(
        'td',
        {},
        `${Math.round(r.value * 100)} %`,
        r.ciLow !== null && r.ciHigh !== null
          ? h('small', {}, ` (${Math.round(r.ciLow * 100)}–${Math.round(r.ciHigh * 100)})`)
          : '',
      );
const INDICATION_KEYS = new Set(['MDD', 'TRD', 'PTSD', 'BIPOLAR_DEPRESSION', 'ANXIETY', 'OTHER']);
const groupName = (g: Group) =>
  g.label ??
  (g.key === null || g.key === undefined || g.key === 'all' || g.key === 'total'
    ? 'All patients'
    : INDICATION_KEYS.has(g.key)
      ? humanize(g.key)
      : String(g.key));

const view: View = async (root) => {
  const groupBy = h(
    'select',
    {},
    GROUP_BY.map((g) => h('option', { value: g }, GROUP_LABEL[g])),
  );
  const from = h('input', { type: 'date' });
  const to = h('input', { type: 'date' });
  const result = h('div', { 'aria-live': 'polite' });
  const show = h('button', { type: 'submit', class: 'primary' }, 'Show outcomes');
  const filters = h(
    'form',
    { class: 'toolbar', novalidate: true },
    formError(),
    field('Group by', 'groupBy', groupBy),
    field('Scholarship awarded from', 'from', from),
    field('until', 'to', to),
    h('div', { class: 'actions' }, show),
  );
  const params = () => ({ groupBy: groupBy.value, from: from.value || undefined, to: to.value || undefined });

  const load = async () => {
    replace(result, loading());
    try {
      const report = await get<Report>('/reports/foundation-outcomes', params());
      drawReport(result, report);
    } catch (err) {
      replace(result, alertBox(err));
    }
  };
  filters.addEventListener('submit', busy(show, filters, load));
  groupBy.addEventListener('change', () => void load());

  const files = reportFiles('FOUNDATION_OUTCOMES', params);

  replace(
    root,
    h('h1', {}, 'Scholarship outcomes'),
    h(
      'p',
      { class: 'sub' },
      'Aggregate and de-identified: scholarship recipients of every clinic. Any count from 1 to 10, and any value from which one could be derived, is shown as “fewer than 11”.',
    ),
    filters,
    result,
    files.card,
  );
  await load();
  return files.stop;
};

function drawReport(el: HTMLElement, r: Report) {
  const groups = r.groups.length ? r.groups : [r.total];
  const rows =
    r.groups.length > 1
      ? [...r.groups, { ...r.total, label: 'Total' }]
      : [{ ...r.total, label: 'All patients' }];
  const table = h(
    'table',
    { class: 'list outcomes' },
    h('caption', {}, `Generated ${fmtDateTime(r.generatedAt)}`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        [
          'Group',
          'Enrolled',
          'Treated',
          'Sessions',
          'Sessions / patient',
          'PHQ-9 baseline',
          'PHQ-9 latest',
          'Mean change',
          'Response (95 % CI)',
          'Remission (95 % CI)',
          'Item 9 flagged',
        ].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((g) =>
        h(
          'tr',
          { class: g.suppressed ? 'is-suppressed' : '' },
          h('th', { scope: 'row' }, groupName(g)),
          cell(g.patientsEnrolled),
          cell(g.patientsTreated),
          cell(g.sessionsCompleted),
          cell(g.meanSessionsPerPatient, 1),
          g.phq9.baselineMean === null
            ? cell(null)
            : h('td', {}, `${g.phq9.baselineMean.toFixed(1)} ± ${g.phq9.baselineSd?.toFixed(1) ?? '—'}`),
          g.phq9.latestMean === null
            ? cell(null)
            : h('td', {}, `${g.phq9.latestMean.toFixed(1)} ± ${g.phq9.latestSd?.toFixed(1) ?? '—'}`),
          cell(g.phq9.meanChange, 1),
          pct(g.responseRate),
          pct(g.remissionRate),
          g.item9FlaggedShare === null
            ? cell(null)
            : h('td', {}, `${Math.round(g.item9FlaggedShare * 100)} %`),
        ),
      ),
    ),
  );
  const bars = (pick: (g: Group) => Rate) =>
    rows.map((g) => ({
      label: groupName(g),
      value: pick(g).value,
      low: pick(g).ciLow,
      high: pick(g).ciHigh,
      note: SUPPRESSED,
    }));
  const series = groups
    .map((g, i) => ({
      name: groupName(g),
      color: COLORS[i % COLORS.length],
      points: g.timeline
        .filter((t) => t.meanPhq9 !== null)
        .map((t) => ({
          x: t.week,
          y: t.meanPhq9!,
          label: `${groupName(g)}, week ${t.week}: mean PHQ-9 ${t.meanPhq9!.toFixed(1)}`,
        })),
    }))
    .filter((se) => se.points.length);
  replace(
    el,
    h('div', { class: 'table-wrap' }, table),
    h(
      'div',
      { class: 'columns' },
      h(
        'section',
        { class: 'card' },
        h('h2', {}, 'Response rate'),
        rateBars(
          'Response (≥ 50 % PHQ-9 drop) with 95 % Wilson interval',
          bars((g) => g.responseRate),
          '#1565c0',
        ),
      ),
      h(
        'section',
        { class: 'card' },
        h('h2', {}, 'Remission rate'),
        rateBars(
          'Remission (PHQ-9 < 5) with 95 % Wilson interval',
          bars((g) => g.remissionRate),
          '#2e7d32',
        ),
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Mean PHQ-9 by week since first dose'),
      series.length
        ? lineChart({
            title: 'Mean PHQ-9 by week since first dose',
            summary: `${series.length} groups; suppressed weeks are left out.`,
            series,
            yMin: 0,
            yMax: 27,
            yTicks: [0, 5, 10, 15, 20, 27],
            xMin: 0,
            xMax: 26,
            xFormat: (w) => `wk ${Math.round(w)}`,
            xTicks: [0, 4, 8, 12, 26],
            bands: PHQ9_BANDS,
          })
        : h('p', { class: 'empty' }, `No week has enough patients to show (${SUPPRESSED} in every cell).`),
    ),
  );
}

export default view;
