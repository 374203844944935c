import { create, get, post } from '../api.js';
import { clinicOf, link } from '../app.js';
import type { Clinic, View } from '../app.js';
import { lineChart } from '../charts.js';
import {
  alertBox,
  badge,
  busy,
  clearErrors,
  field,
  fmtDateTime,
  fmtTime,
  formError,
  fromLocalInput,
  h,
  humanize,
  replace,
  zoneLabel,
} from '../dom.js';
import type { Patient } from './patients.js';

export interface Reading {
  id: string;
  takenAt: string;
  phase: Phase;
  systolic: number;
  diastolic: number;
  heartRate: number;
  spo2?: number | null;
  respiratoryRate?: number | null;
  replacedBy?: string | null;
}
export interface Flag {
  id: string;
  code: string;
  severity: 'info' | 'warning' | 'critical';
  status: 'open' | 'acknowledged' | 'resolved';
  blocksDosing: boolean;
  raisedAt?: string;
  patientId?: string;
  sessionId?: string | null;
  escalatedAt?: string | null;
  escalated?: boolean;
  readings?: Reading[];
  message?: string;
}
interface Dose {
  id: string;
  administeredAt: string;
  doseMg: number;
  doseMgPerKg?: number | null;
  route?: string;
  lotNumber?: string | null;
}
interface Session {
  id: string;
  patientId: string;
  sessionNumber: number;
  status: 'scheduled' | 'in_progress' | 'completed' | 'cancelled' | 'aborted';
  scheduledAt: string;
  route: string;
  plannedDoseMg: number;
  weightKg: number;
  doses?: Dose[];
  readings?: Reading[];
  flags?: Flag[];
  holdOverride?: { reason: string; overriddenAt: string; by: string } | null;
  /** Unresolved blocking flags not covered by an override (the API's word on the hold). */
  held?: boolean;
  dischargedAt?: string | null;
  escortPresent?: boolean | null;
}

type Phase = 'pre_dose' | 'intra' | 'post_dose' | 'discharge';
const PHASES: Phase[] = ['pre_dose', 'intra', 'post_dose', 'discharge'];
const PHASE_LABEL: Record<Phase, string> = {
  pre_dose: 'Pre-dose',
  intra: 'During',
  post_dose: 'Post-dose',
  discharge: 'Discharge',
};
const MIN = 60_000;
const POLL_MS = 4000;

export const flagText = (f: Flag) =>
  `${humanize(f.code)} (${f.severity}${f.blocksDosing ? ', holds dosing' : ''})`;

/** Readings in time order; a corrected reading gives way to its correction. */
const readingsOf = (s: Session) =>
  (s.readings ?? []).filter((r) => !r.replacedBy).sort((a, b) => a.takenAt.localeCompare(b.takenAt));
const dosesOf = (s: Session) =>
  [...(s.doses ?? [])].sort((a, b) => a.administeredAt.localeCompare(b.administeredAt));
const active = (s: Session) => s.status === 'scheduled' || s.status === 'in_progress';

/** Why the dose button is disabled, or null when the API should accept a dose. */
export function doseBlock(s: Session, now = Date.now()): string | null {
  if (!active(s)) return `The session is ${humanize(s.status).toLowerCase()}.`;
  // The flags the hold stands on: unresolved, blocking, raised after the last override (as the API counts them).
  const overrideAt = s.holdOverride?.overriddenAt ?? null;
  const holds = (s.flags ?? []).filter(
    (f) =>
      f.blocksDosing && f.status !== 'resolved' && (overrideAt === null || (f.raisedAt ?? '') > overrideAt),
  );
  if (s.held === false) holds.length = 0;
  else if (s.held && !holds.length)
    return 'Dose on hold: a blocking flag is open. A supervisor must resolve it or override the hold.';
  if (holds.length)
    return `Dose on hold: ${holds.map((f) => humanize(f.code)).join(', ')}. A supervisor must resolve the flag or override the hold with a reason.`;
  const pre = readingsOf(s)
    .filter((r) => r.phase === 'pre_dose')
    .pop();
  if (!pre || now - Date.parse(pre.takenAt) > 60 * MIN)
    return 'Record a pre-dose reading (within the last 60 minutes) before dosing.';
  return null;
}

function suggestedPhase(s: Session, now = Date.now()): Phase {
  const first = dosesOf(s)[0];
  if (!first) return 'pre_dose';
  return now - Date.parse(first.administeredAt) < 40 * MIN ? 'intra' : 'post_dose';
}

/** A preview of CLINICAL-RULES.md §6; the API decides and names what is unmet on completion. */
function dischargeChecklist(
  s: Session,
  clinic: Clinic | undefined,
  escort: boolean,
  now = Date.now(),
): { label: string; met: boolean }[] {
  const first = dosesOf(s)[0];
  const observe = s.route === 'INTRANASAL' ? 120 : (clinic?.settings.dischargeObservationMinutes ?? 60);
  const since = first ? Math.floor((now - Date.parse(first.administeredAt)) / MIN) : 0;
  const readings = readingsOf(s);
  const pre = readings.filter((r) => r.phase === 'pre_dose').pop();
  const last = readings[readings.length - 1];
  const lastOk =
    !!last &&
    (last.phase === 'post_dose' || last.phase === 'discharge') &&
    now - Date.parse(last.takenAt) <= 15 * MIN;
  const within = (v: number, base: number) => Math.abs(v - base) <= base * 0.2;
  const bpOk =
    lastOk && !!pre && within(last.systolic, pre.systolic) && within(last.diastolic, pre.diastolic);
  const spo2Ok = lastOk && (last.spo2 ?? 0) > 92;
  const critical = (s.flags ?? []).filter((f) => f.severity === 'critical' && f.status !== 'resolved');
  return [
    {
      label: first
        ? `Observed ${since} of ${observe} minutes since the first dose`
        : `Observation of ${observe} minutes after the dose (no dose yet)`,
      met: !!first && since >= observe,
    },
    { label: 'A post-dose or discharge reading in the last 15 minutes', met: lastOk },
    { label: 'Blood pressure within ±20 % of the pre-dose reading', met: bpOk },
    { label: 'SpO₂ above 92 %', met: spo2Ok },
    {
      label: critical.length
        ? `No open critical flag (open: ${critical.map((f) => humanize(f.code)).join(', ')})`
        : 'No open critical flag',
      met: !critical.length,
    },
    { label: 'A responsible adult escorts the patient', met: escort },
  ];
}

function vitalsChart(
  readings: Reading[],
  clinic: Clinic | undefined,
  doses: Dose[],
  tz?: string,
): HTMLElement {
  const t = clinic?.settings ?? {};
  const x = (r: Reading) => Date.parse(r.takenAt);
  const xs = readings.map(x);
  return lineChart({
    title: 'Vitals during the session',
    summary: `${readings.length} readings; dashed lines are the clinic's thresholds.`,
    series: [
      {
        name: 'Systolic mmHg',
        color: '#c62828',
        points: readings.map((r) => ({
          x: x(r),
          y: r.systolic,
          label: `${fmtTime(r.takenAt, tz)} ${PHASE_LABEL[r.phase]}: ${r.systolic}/${r.diastolic} mmHg`,
        })),
      },
      {
        name: 'Diastolic mmHg',
        color: '#ef6c00',
        points: readings.map((r) => ({ x: x(r), y: r.diastolic })),
      },
      {
        name: 'Heart rate bpm',
        color: '#1565c0',
        points: readings.map((r) => ({ x: x(r), y: r.heartRate })),
      },
      {
        name: 'SpO₂ %',
        color: '#2e7d32',
        dashed: true,
        points: readings.filter((r) => r.spo2 != null).map((r) => ({ x: x(r), y: r.spo2! })),
      },
    ],
    yMin: 40,
    yMax: 200,
    yTicks: [40, 80, 120, 160, 200],
    xMin: Math.min(...xs) - 5 * MIN,
    xMax: Math.max(...xs) + 5 * MIN,
    xFormat: (v) => fmtTime(new Date(v).toISOString(), tz),
    thresholds: [
      { y: t.criticalSystolic ?? 180, label: `critical SBP ${t.criticalSystolic ?? 180}`, color: '#b71c1c' },
      { y: t.predoseSystolic ?? 140, label: `pre-dose SBP ${t.predoseSystolic ?? 140}`, color: '#c62828' },
      { y: t.predoseDiastolic ?? 90, label: `pre-dose DBP ${t.predoseDiastolic ?? 90}`, color: '#ef6c00' },
      { y: t.heartRateHigh ?? 110, label: `HR high ${t.heartRateHigh ?? 110}`, color: '#1565c0' },
      { y: t.spo2Low ?? 92, label: `SpO₂ low ${t.spo2Low ?? 92}`, color: '#2e7d32' },
      { y: t.heartRateLow ?? 50, label: `HR low ${t.heartRateLow ?? 50}`, color: '#1565c0' },
    ],
    markers: doses.map((d) => ({ x: Date.parse(d.administeredAt), label: `dose ${d.doseMg} mg` })),
  });
}

const view: View = async (root, { id }, user) => {
  let s: Session;
  try {
    s = await get<Session>(`/sessions/${id}`);
  } catch (err) {
    replace(root, h('h1', {}, 'Dosing session'), alertBox(err));
    return;
  }
  const patient = await get<Patient>(`/patients/${s.patientId}`).catch(() => null);
  const clinic = await clinicOf(patient?.clinicId);
  const tz = clinic?.timeZone;

  // ---- regions redrawn from the session's state; inputs live outside them and keep what is typed ----
  const statusEl = h('span');
  const banner = h('div', { 'aria-live': 'polite' });
  const flagsEl = h('div', { 'aria-live': 'polite' });
  const chartEl = h('div');
  const readingsEl = h('div');
  const checklistEl = h('ul', { class: 'checklist', 'aria-label': 'Discharge criteria' });
  const overrideEl = h('div');

  // ---- vitals entry: phase preselected, big inputs, the API's messages beside each field ----
  const phaseInputs = PHASES.map((p) =>
    h('input', { type: 'radio', name: 'phase', value: p, class: 'visually-hidden-radio' }),
  );
  const phaseGroup = h(
    'fieldset',
    { class: 'segmented', 'data-field': 'phase' },
    h('legend', {}, 'Phase'),
    PHASES.map((p, i) => h('label', {}, phaseInputs[i], h('span', {}, PHASE_LABEL[p]))),
    h('p', { class: 'field-error' }),
  );
  const big = () => h('input', { type: 'number', inputmode: 'numeric', class: 'big' });
  const v = { systolic: big(), diastolic: big(), heartRate: big(), spo2: big(), respiratoryRate: big() };
  const takenAt = h('input', { type: 'datetime-local' });
  const saveReading = h('button', { type: 'submit', class: 'primary big' }, 'Save reading');
  const readingResult = h('div', { role: 'status', 'aria-live': 'polite' });
  const vitalsForm = h(
    'form',
    { class: 'vitals-form', novalidate: true, 'aria-label': 'Record vitals' },
    formError(),
    phaseGroup,
    h(
      'div',
      { class: 'vitals-grid' },
      field('Systolic (mmHg)', 'systolic', v.systolic),
      field('Diastolic (mmHg)', 'diastolic', v.diastolic),
      field('Heart rate (bpm)', 'heartRate', v.heartRate),
      field('SpO₂ (%)', 'spo2', v.spo2),
      field('Resp. rate (/min)', 'respiratoryRate', v.respiratoryRate),
    ),
    h(
      'details',
      {},
      h('summary', {}, 'Taken earlier? Set the time'),
      field(`Taken at (${zoneLabel(tz)})`, 'takenAt', takenAt, 'Leave as is for now'),
    ),
    h('div', { class: 'actions' }, saveReading),
    readingResult,
  );
  // The phase follows the session (pre-dose, then during, then post-dose) until the user picks one.
  let phaseChosen = false;
  phaseInputs.forEach((i) => i.addEventListener('change', () => (phaseChosen = true)));
  const preselectPhase = () => {
    if (phaseChosen) return;
    const suggested = suggestedPhase(s);
    phaseInputs.forEach((i) => (i.checked = i.value === suggested));
  };
  const resetVitals = () => {
    phaseChosen = false;
    preselectPhase();
    Object.values(v).forEach((i) => (i.value = ''));
    takenAt.value = '';
  };
  vitalsForm.addEventListener(
    'submit',
    busy(saveReading, vitalsForm, async () => {
      const n = (el: HTMLInputElement) => (el.value === '' ? undefined : Number(el.value));
      const res = await create<{ reading: Reading; flags: Flag[] }>(`/sessions/${id}/vitals`, {
        takenAt: takenAt.value ? fromLocalInput(takenAt.value, tz) : new Date().toISOString(),
        phase: phaseInputs.find((i) => i.checked)?.value,
        systolic: n(v.systolic),
        diastolic: n(v.diastolic),
        heartRate: n(v.heartRate),
        spo2: n(v.spo2),
        respiratoryRate: n(v.respiratoryRate),
      });
      replace(
        readingResult,
        res.flags.length
          ? h(
              'div',
              { class: 'alert warning' },
              'Reading saved. It raised: ',
              h(
                'ul',
                {},
                res.flags.map((f) => h('li', {}, badge(f.severity), ' ', flagText(f))),
              ),
            )
          : h('p', { class: 'alert ok' }, `Reading saved at ${fmtTime(res.reading.takenAt, tz)}: no flag.`),
      );
      await refresh();
      resetVitals();
      v.systolic.focus();
    }),
  );

  // ---- dose ----
  const doseMg = h('input', {
    type: 'number',
    inputmode: 'decimal',
    step: '0.1',
    class: 'big',
    value: s.plannedDoseMg,
  });
  const lot = h('input', { autocomplete: 'off' });
  const doseBtn = h(
    'button',
    { type: 'submit', class: 'primary big', 'aria-describedby': 'dose-reason' },
    'Record dose',
  );
  const doseReason = h('p', { id: 'dose-reason', class: 'reason', 'aria-live': 'polite' });
  const doseForm = h(
    'form',
    { class: 'dose-form', novalidate: true, 'aria-label': 'Record the dose' },
    formError(),
    h(
      'div',
      { class: 'grid-form' },
      field('Dose (mg)', 'doseMg', doseMg),
      field('Lot number', 'lotNumber', lot),
    ),
    doseReason,
    h('div', { class: 'actions' }, doseBtn),
  );
  doseForm.addEventListener(
    'submit',
    busy(doseBtn, doseForm, async () => {
      await create(`/sessions/${id}/doses`, {
        administeredAt: new Date().toISOString(),
        doseMg: Number(doseMg.value),
        route: s.route,
        lotNumber: lot.value.trim() || undefined,
      });
      await refresh();
    }),
  );

  // ---- completion (discharge), cancel, abort ----
  const escort = h('input', { type: 'checkbox' });
  const cadss = h('input', { type: 'number', inputmode: 'numeric', min: 0, max: 92 });
  const completeBtn = h('button', { type: 'submit', class: 'primary' }, 'Discharge and complete');
  const completeForm = h(
    'form',
    { novalidate: true, 'aria-label': 'Discharge' },
    checklistEl,
    formError(),
    h(
      'div',
      { class: 'field check', 'data-field': 'escortPresent' },
      h('label', {}, escort, ' A responsible adult escorts the patient home'),
      h('p', { class: 'field-error' }),
    ),
    field('CADSS score (optional, 0–92)', 'cadssScore', cadss),
    h('div', { class: 'actions' }, completeBtn),
  );
  escort.addEventListener('change', () => drawDynamic());
  completeForm.addEventListener(
    'submit',
    busy(completeBtn, completeForm, async () => {
      await post(`/sessions/${id}/complete`, {
        dischargedAt: new Date().toISOString(),
        escortPresent: escort.checked,
        cadssScore: cadss.value === '' ? undefined : Number(cadss.value),
      });
      await refresh();
    }),
  );
  const abortReason = h('input', { autocomplete: 'off' });
  const cancelBtn = h('button', { type: 'button', class: 'secondary' }, 'Cancel session');
  const abortBtn = h('button', { type: 'button', class: 'danger' }, 'Abort session');
  const endForm = h(
    'form',
    { novalidate: true },
    formError(),
    field('Reason (required to abort)', 'reason', abortReason),
    h('div', { class: 'actions' }, cancelBtn, abortBtn),
  );
  cancelBtn.addEventListener(
    'click',
    busy(
      cancelBtn,
      endForm,
      async () => (
        await post(
          `/sessions/${id}/cancel`,
          abortReason.value.trim() ? { reason: abortReason.value.trim() } : {},
        ),
        await refresh()
      ),
    ),
  );
  abortBtn.addEventListener(
    'click',
    busy(
      abortBtn,
      endForm,
      async () => (
        await post(`/sessions/${id}/abort`, { reason: abortReason.value.trim() }),
        await refresh()
      ),
    ),
  );

  function drawDynamic() {
    preselectPhase();
    const readings = readingsOf(s);
    const doses = dosesOf(s);
    const flags = [...(s.flags ?? [])].sort((a, b) => (b.raisedAt ?? '').localeCompare(a.raisedAt ?? ''));
    replace(statusEl, badge(s.status));
    const block = doseBlock(s);
    doseBtn.disabled = !!block;
    doseBtn.toggleAttribute('data-blocked', !!block);
    doseReason.textContent =
      block ?? (doses.length ? `${doses.length} dose(s) recorded; you may add another.` : 'Ready to dose.');
    doseReason.className = block ? 'reason blocked' : 'reason ready';
    const held = !!block && block.startsWith('Dose on hold');
    replace(
      banner,
      held
        ? h(
            'div',
            { class: 'alert error hold', role: 'alert' },
            h('strong', {}, 'Dose on hold. '),
            block!.replace('Dose on hold: ', 'Why: '),
          )
        : null,
      doses.length
        ? h(
            'p',
            { class: 'alert info' },
            doses
              .map(
                (d) =>
                  `Dosed ${d.doseMg} mg${d.doseMgPerKg ? ` (${d.doseMgPerKg} mg/kg)` : ''} at ${fmtTime(d.administeredAt, tz)}`,
              )
              .join('; '),
          )
        : null,
    );
    replace(
      flagsEl,
      flags.length
        ? h(
            'ul',
            { class: 'flags' },
            flags.map((f) =>
              h(
                'li',
                { class: `flag sev-${f.severity}` },
                badge(f.severity),
                ' ',
                h('strong', {}, humanize(f.code)),
                f.blocksDosing ? ' · holds dosing' : '',
                ' · ',
                badge(f.status),
                f.raisedAt ? ` · raised ${fmtTime(f.raisedAt, tz)}` : '',
              ),
            ),
          )
        : h('p', { class: 'empty' }, 'No flag raised in this session.'),
    );
    replace(
      chartEl,
      readings.length
        ? vitalsChart(readings, clinic, doses, tz)
        : h('p', { class: 'empty' }, 'No reading yet. Start with the pre-dose reading.'),
    );
    replace(
      readingsEl,
      readings.length
        ? h(
            'table',
            { class: 'list compact' },
            h('caption', {}, `Readings (times in ${zoneLabel(tz)})`),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Time', 'Phase', 'BP', 'HR', 'SpO₂', 'RR'].map((t) => h('th', { scope: 'col' }, t)),
              ),
            ),
            h(
              'tbody',
              {},
              [...readings]
                .reverse()
                .map((r) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, fmtTime(r.takenAt, tz)),
                    h('td', {}, PHASE_LABEL[r.phase] ?? r.phase),
                    h('td', {}, `${r.systolic}/${r.diastolic}`),
                    h('td', {}, String(r.heartRate)),
                    h('td', {}, r.spo2 ?? '—'),
                    h('td', {}, r.respiratoryRate ?? '—'),
                  ),
                ),
            ),
          )
        : null,
    );
    replace(
      checklistEl,
      dischargeChecklist(s, clinic, escort.checked).map((c) =>
        h(
          'li',
          { class: c.met ? 'met' : 'unmet' },
          h('span', { class: 'mark', 'aria-hidden': 'true' }, c.met ? '✓' : '✗'),
          ` ${c.label}`,
          h('span', { class: 'visually-hidden' }, c.met ? ' (met)' : ' (not met)'),
        ),
      ),
    );
    const canOverride = user.role === 'supervisor' && held;
    if (!canOverride) replace(overrideEl);
    else if (!overrideEl.firstChild) {
      const reason = h('textarea', { rows: 2 });
      const btn = h('button', { type: 'submit', class: 'danger' }, 'Override the hold');
      const form = h(
        'form',
        { class: 'card override', novalidate: true, 'aria-label': 'Hold override' },
        h('h3', {}, 'Supervisor: override the hold'),
        formError(),
        field('Reason (recorded in the audit log)', 'reason', reason),
        h('div', { class: 'actions' }, btn),
      );
      form.addEventListener(
        'submit',
        busy(
          btn,
          form,
          async () => (
            await post(`/sessions/${id}/hold-override`, { reason: reason.value.trim() }),
            replace(overrideEl),
            await refresh()
          ),
        ),
      );
      replace(overrideEl, form);
    }
    [vitalsForm, doseForm, completeForm, endForm].forEach((f) =>
      f.querySelectorAll<HTMLElement>('input,button,select,textarea').forEach((el) => {
        if (active(s)) return;
        el.setAttribute('disabled', '');
        el.setAttribute('data-blocked', '');
      }),
    );
  }

  async function refresh() {
    s = await get<Session>(`/sessions/${id}`);
    drawDynamic();
  }

  const name = patient ? `${patient.givenName} ${patient.familyName}` : 'Patient';
  replace(
    root,
    h('p', { class: 'crumbs' }, link(`/patients/${s.patientId}`, `← ${name}`)),
    h('h1', {}, `Session ${s.sessionNumber} · ${name} `, statusEl),
    h(
      'p',
      { class: 'sub' },
      `${s.route}, planned ${s.plannedDoseMg} mg, ${s.weightKg} kg · scheduled ${fmtDateTime(s.scheduledAt, tz)} (${zoneLabel(tz)})`,
    ),
    banner,
    h(
      'div',
      { class: 'bedside' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'h-vitals' },
        h('h2', { id: 'h-vitals' }, 'Record vitals'),
        vitalsForm,
      ),
      h(
        'div',
        {},
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'h-dose' },
          h('h2', { id: 'h-dose' }, 'Dose'),
          doseForm,
          overrideEl,
        ),
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'h-flags' },
          h('h2', { id: 'h-flags' }, 'Flags'),
          flagsEl,
        ),
      ),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'h-chart' },
      h('h2', { id: 'h-chart' }, 'Vitals over time'),
      chartEl,
      readingsEl,
    ),
    h(
      'div',
      { class: 'columns' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'h-discharge' },
        h('h2', { id: 'h-discharge' }, 'Discharge checklist'),
        completeForm,
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'h-end' },
        h('h2', { id: 'h-end' }, 'Cancel or abort'),
        h('p', {}, 'Cancel before any dose; abort after dosing began (a reason is required).'),
        endForm,
      ),
    ),
  );
  resetVitals();
  drawDynamic();
  clearErrors(vitalsForm);

  // Flags raised, acknowledged or overridden elsewhere appear without a reload.
  let stopped = false;
  const timer = window.setInterval(() => {
    if (!stopped && document.visibilityState === 'visible' && active(s)) refresh().catch(() => undefined);
  }, POLL_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
};

export default view;
