import { create, post } from '../api.js';
import type { User } from '../api.js';
import {
  badge,
  busy,
  field,
  fmtDateTime,
  formError,
  fromLocalInput,
  h,
  humanize,
  localInputValue,
  replace,
} from '../dom.js';
import { GAD7_ITEMS, PHQ9_ITEMS, questionnaire } from './clinical.js';

export interface Intake {
  id: string;
  patientId?: string;
  performedAt?: string;
  eligibility: 'eligible' | 'needs_review' | 'ineligible';
  reasons: { code: string; kind: 'absolute' | 'relative'; message: string }[];
  cssrsRisk: string;
  phq9: { totalScore: number; severity: string };
  review: null | { decision: string; comment: string; reviewedBy: string; reviewedAt: string };
}

/** The history codes of CLINICAL-RULES.md §4. */
const CONDITIONS = [
  'ANEURYSMAL_VASCULAR_DISEASE',
  'INTRACEREBRAL_HEMORRHAGE_HISTORY',
  'KETAMINE_HYPERSENSITIVITY',
  'UNCONTROLLED_HYPERTENSION',
  'PREGNANCY',
  'PSYCHOSIS_HISTORY',
  'MANIA_HISTORY',
  'ACTIVE_SUBSTANCE_USE_DISORDER',
  'BREASTFEEDING',
  'UNSTABLE_CARDIAC_DISEASE',
  'RAISED_INTRACRANIAL_OR_INTRAOCULAR_PRESSURE',
  'SEIZURE_DISORDER',
  'HEPATIC_IMPAIRMENT',
  'INTERSTITIAL_CYSTITIS',
];
const INTERACTION = ['BENZODIAZEPINE', 'LAMOTRIGINE', 'MAOI', 'PSYCHOSTIMULANT', 'CNS_DEPRESSANT', 'OTHER'];

/** The intake's result: eligibility, each reason with its code, the review when there is one. */
export function intakeResult(
  intake: Intake,
  user: User,
  timeZone: string | undefined,
  onChange: () => void,
): HTMLElement {
  const reviewBox = h('div');
  if (intake.eligibility === 'needs_review' && !intake.review && user.role === 'supervisor') {
    const comment = h('textarea', { rows: 2, required: true });
    const approve = h('button', { type: 'button', class: 'primary' }, 'Approve');
    const decline = h('button', { type: 'button', class: 'danger' }, 'Decline');
    const form = h(
      'form',
      { class: 'review', novalidate: true },
      formError(),
      field('Review comment', 'comment', comment),
      h('div', { class: 'actions' }, approve, decline),
    );
    const decide = (decision: string, btn: HTMLButtonElement) =>
      busy(btn, form, async () => {
        await post(`/intakes/${intake.id}/review`, { decision, comment: comment.value.trim() });
        onChange();
      });
    approve.addEventListener('click', decide('approved', approve));
    decline.addEventListener('click', decide('declined', decline));
    replace(reviewBox, form);
  }
  return h(
    'div',
    { class: `intake intake-${intake.eligibility}` },
    h(
      'p',
      {},
      'Eligibility: ',
      badge(intake.eligibility),
      intake.performedAt ? ` · screened ${fmtDateTime(intake.performedAt, timeZone)}` : '',
      ` · PHQ-9 ${intake.phq9.totalScore} (${humanize(intake.phq9.severity)}) · C-SSRS risk ${intake.cssrsRisk}`,
    ),
    intake.reasons.length
      ? h(
          'ul',
          { class: 'reasons' },
          intake.reasons.map((r) => h('li', {}, h('code', {}, r.code), ' ', badge(r.kind), ' ', r.message)),
        )
      : h('p', {}, 'No contraindication, interacting medication or suicide-risk finding.'),
    intake.review
      ? h(
          'p',
          { class: 'review-done' },
          `Supervisor ${intake.review.decision} on ${fmtDateTime(intake.review.reviewedAt, timeZone)}: “${intake.review.comment}”`,
        )
      : intake.eligibility === 'needs_review'
        ? h(
            'p',
            { class: 'alert warning' },
            'Awaiting a supervisor’s review: no session may be dosed until it is approved.',
          )
        : null,
    reviewBox,
  );
}

export function intakeForm(patientId: string, timeZone: string | undefined, onDone: () => void): HTMLElement {
  const performedAt = h('input', { type: 'datetime-local', value: localInputValue(new Date(), timeZone) });
  const conditions = CONDITIONS.map((c) => h('input', { type: 'checkbox', value: c }));
  const meds = h('div', { class: 'meds' });
  const addMed = () => {
    const name = h('input', { 'aria-label': 'Medication name' });
    const cls = h(
      'select',
      { 'aria-label': 'Interaction class' },
      INTERACTION.map((i) => h('option', { value: i }, humanize(i))),
    );
    const rowEl = h(
      'div',
      { class: 'med-row' },
      name,
      cls,
      h('button', { type: 'button', class: 'secondary', onclick: () => rowEl.remove() }, 'Remove'),
    );
    meds.append(rowEl);
    name.focus();
  };
  const num = (attrs: Record<string, string | number> = {}) =>
    h('input', { type: 'number', inputmode: 'decimal', ...attrs });
  const vit = { systolic: num(), diastolic: num(), heartRate: num(), spo2: num() };
  const weightKg = num({ step: '0.1' });
  const phq = questionnaire('phq9', PHQ9_ITEMS);
  const gad = questionnaire('gad7', GAD7_ITEMS);
  const yes = (label: string, name: string) => {
    const box = h('input', { type: 'checkbox' });
    return {
      box,
      el: h(
        'div',
        { class: 'field check', 'data-field': `cssrs.${name}` },
        h('label', {}, box, ` ${label}`),
        h('p', { class: 'field-error' }),
      ),
    };
  };
  const c = {
    wishDead: yes('Wished to be dead or not wake up (past month)', 'wishDead'),
    suicidalThoughts: yes('Thoughts of killing themselves (past month)', 'suicidalThoughts'),
    method: yes('Thought about how they might do this', 'method'),
    intent: yes('Had some intention of acting on these thoughts', 'intent'),
    plan: yes('Worked out details of how; intends to carry out the plan', 'plan'),
  };
  const behavior = h(
    'select',
    {},
    h('option', { value: 'none' }, 'Never'),
    h('option', { value: 'past_3_months' }, 'Within the past 3 months'),
    h('option', { value: 'lifetime' }, 'Longer ago'),
  );
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Record intake and compute eligibility');
  const form = h(
    'form',
    { class: 'intake-form', novalidate: true },
    formError(),
    field('Performed at', 'performedAt', performedAt),
    h(
      'fieldset',
      { 'data-field': 'conditions' },
      h('legend', {}, 'Medical and psychiatric history'),
      h(
        'div',
        { class: 'checks' },
        conditions.map((box) => h('label', {}, box, ` ${humanize(box.value)}`)),
      ),
      h('p', { class: 'field-error' }),
    ),
    h(
      'fieldset',
      { 'data-field': 'medications' },
      h('legend', {}, 'Current medications'),
      meds,
      h('button', { type: 'button', class: 'secondary', onclick: addMed }, 'Add medication'),
      h('p', { class: 'field-error' }),
    ),
    h(
      'fieldset',
      { class: 'inline' },
      h('legend', {}, 'Baseline vitals and weight'),
      field('Systolic (mmHg)', 'vitals.systolic', vit.systolic),
      field('Diastolic (mmHg)', 'vitals.diastolic', vit.diastolic),
      field('Heart rate (bpm)', 'vitals.heartRate', vit.heartRate),
      field('SpO₂ (%)', 'vitals.spo2', vit.spo2),
      field('Weight (kg)', 'weightKg', weightKg),
    ),
    h('fieldset', {}, h('legend', {}, 'PHQ-9: over the last 2 weeks, how often…'), phq.el),
    h('details', {}, h('summary', {}, 'GAD-7 (optional)'), gad.el),
    h(
      'fieldset',
      {},
      h('legend', {}, 'C-SSRS screener'),
      Object.values(c).map((x) => x.el),
      field('Suicidal behaviour', 'cssrs.behavior', behavior),
    ),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener(
    'submit',
    busy(submit, form, async () => {
      const n = (el: HTMLInputElement) => (el.value === '' ? undefined : Number(el.value));
      const gadAnswers = gad.answers();
      const body = {
        performedAt: fromLocalInput(performedAt.value, timeZone),
        conditions: conditions.filter((b) => b.checked).map((b) => b.value),
        medications: [...meds.querySelectorAll('.med-row')].map((r) => ({
          name: r.querySelector('input')!.value.trim(),
          interactionClass: r.querySelector('select')!.value,
        })),
        vitals: {
          systolic: n(vit.systolic),
          diastolic: n(vit.diastolic),
          heartRate: n(vit.heartRate),
          spo2: n(vit.spo2),
        },
        weightKg: n(weightKg),
        phq9: phq.answers() ?? [],
        gad7: gadAnswers ?? undefined,
        cssrs: {
          wishDead: c.wishDead.box.checked,
          suicidalThoughts: c.suicidalThoughts.box.checked,
          method: c.suicidalThoughts.box.checked ? c.method.box.checked : undefined,
          intent: c.suicidalThoughts.box.checked ? c.intent.box.checked : undefined,
          plan: c.suicidalThoughts.box.checked ? c.plan.box.checked : undefined,
          behavior: behavior.value,
        },
      };
      await create(`/patients/${patientId}/intakes`, body);
      onDone();
    }),
  );
  return form;
}
