import { all, create, get } from '../api.js';
import type { User } from '../api.js';
import { clinicOf, link, navigate } from '../app.js';
import type { View } from '../app.js';
import {
  alertBox,
  badge,
  busy,
  empty,
  field,
  fmtDate,
  fmtDateTime,
  formError,
  fromLocalInput,
  h,
  humanize,
  loading,
  localInputValue,
  replace,
  zoneLabel,
} from '../dom.js';
import { GAD7_ITEMS, PHQ9_ITEMS, outcomeCallout, phq9Chart, questionnaire } from './clinical.js';
import type { Assessment, Outcomes } from './clinical.js';
import { intakeForm, intakeResult } from './intake.js';
import type { Intake } from './intake.js';
import type { Patient } from './patients.js';
import { select } from './patients.js';

export interface SessionSummary {
  id: string;
  sessionNumber: number;
  status: string;
  scheduledAt: string;
  route: string;
  plannedDoseMg: number;
}
interface TimelineItem {
  kind: 'intake' | 'session' | 'assessment' | 'note';
  id: string;
  at: string;
  title: string;
  status: string;
  sessionId: string | null;
  flags: {
    id: string;
    code: string;
    severity: string;
    status: string;
    blocksDosing: boolean;
    raisedAt: string;
  }[];
}

export interface NoteSummary {
  id: string;
  format: string;
  status: string;
  sessionId?: string | null;
  createdAt?: string;
  updatedAt?: string;
  signedAt?: string | null;
}

/** Loads one section on its own, so that one failing route shows its error and the rest still works. */
function section(
  title: string,
  load: (body: HTMLElement) => Promise<void>,
  id = title.toLowerCase().replace(/\W+/g, '-'),
): HTMLElement {
  const body = h('div', {}, loading());
  const el = h(
    'section',
    { class: 'card', 'aria-labelledby': `h-${id}` },
    h('h2', { id: `h-${id}` }, title),
    body,
  );
  load(body).catch((err) => replace(body, alertBox(err)));
  return el;
}

const ROUTES = ['IV', 'IM', 'SUBLINGUAL', 'ORAL', 'INTRANASAL'];

const view: View = async (root, { id }, user) => {
  const draw = async () => {
    let patient: Patient;
    try {
      patient = await get<Patient>(`/patients/${id}`);
    } catch (err) {
      replace(root, h('h1', {}, 'Patient'), alertBox(err));
      return;
    }
    const clinic = await clinicOf(patient.clinicId);
    const tz = clinic?.timeZone;
    const refresh = () => void draw();

    const intakes = get<{ items: Intake[] } | Intake[]>(`/patients/${id}/intakes`).then((r) =>
      Array.isArray(r) ? r : r.items,
    );
    const sessions = all<SessionSummary>(`/patients/${id}/sessions`);
    const assessments = all<Assessment>(`/patients/${id}/assessments`);
    const notes = all<NoteSummary>(`/patients/${id}/notes`);
    const outcomes = get<Outcomes>(`/patients/${id}/outcomes`);
    // A failing list is shown where it is used; the timeline takes what it can get.
    for (const p of [intakes, sessions, assessments, notes, outcomes]) p.catch(() => undefined);

    replace(
      root,
      h('p', { class: 'crumbs' }, link('/patients', '← Patients')),
      h('h1', {}, `${patient.familyName}, ${patient.givenName}`),
      h(
        'dl',
        { class: 'facts' },
        h('div', {}, h('dt', {}, 'Record no.'), h('dd', {}, patient.mrn)),
        h('div', {}, h('dt', {}, 'Born'), h('dd', {}, fmtDate(patient.birthDate))),
        h('div', {}, h('dt', {}, 'Indication'), h('dd', {}, humanize(patient.primaryIndication))),
        h(
          'div',
          {},
          h('dt', {}, 'Scholarship'),
          h(
            'dd',
            {},
            patient.scholarship
              ? `${patient.scholarship.programCode} (${fmtDate(patient.scholarship.awardedOn)})`
              : 'none',
          ),
        ),
        h(
          'div',
          {},
          h('dt', {}, 'Clinic'),
          h('dd', {}, clinic ? `${clinic.name}, times in ${zoneLabel(tz)}` : '—'),
        ),
      ),
      h(
        'div',
        { class: 'columns' },
        section('PHQ-9 trajectory', async (body) => {
          const [items, out] = await Promise.all([assessments, outcomes.catch(() => null)]);
          const phq = items
            .filter((a) => a.instrument === 'PHQ9')
            .sort((a, b) => a.administeredAt.localeCompare(b.administeredAt));
          replace(
            body,
            out ? outcomeCallout(out) : null,
            phq.length ? phq9Chart(phq, out, tz) : empty('No PHQ-9 recorded yet.'),
            assessmentForm(id, tz, refresh),
          );
        }),
        section('Intake screening', async (body) => {
          const list = (await intakes).sort((a, b) =>
            (b.performedAt ?? '').localeCompare(a.performedAt ?? ''),
          );
          const latest = list[0];
          replace(
            body,
            latest
              ? intakeResult(latest, user, tz, refresh)
              : empty('No intake screening yet: screen the patient before scheduling a session.'),
            h(
              'details',
              {},
              h('summary', {}, latest ? 'Record a new intake screening' : 'Record the intake screening'),
              intakeForm(id, tz, refresh),
            ),
          );
        }),
      ),
      section('Dosing sessions', async (body) => {
        const list = (await sessions).sort((a, b) => b.scheduledAt.localeCompare(a.scheduledAt));
        replace(
          body,
          list.length
            ? h(
                'ul',
                { class: 'rows' },
                list.map((s) =>
                  h(
                    'li',
                    {},
                    link(`/sessions/${s.id}`, `Session ${s.sessionNumber}`),
                    ` · ${fmtDateTime(s.scheduledAt, tz)} · ${s.route} ${s.plannedDoseMg} mg `,
                    badge(s.status),
                  ),
                ),
              )
            : empty('No session yet.'),
          sessionForm(id, tz),
        );
      }),
      section('Integration notes', async (body) => {
        const list = await notes;
        const start = (format: string) => async () => {
          const blank =
            format === 'SOAP'
              ? { subjective: '', objective: '', assessment: '', plan: '' }
              : { data: '', assessment: '', plan: '' };
          const note = await create<{ id: string }>(`/patients/${id}/notes`, { format, content: blank });
          navigate(`/notes/${note.id}`);
        };
        const soap = h('button', { type: 'button', class: 'secondary' }, 'New SOAP note');
        const dap = h('button', { type: 'button', class: 'secondary' }, 'New DAP note');
        const actions = h('div', { class: 'actions' }, formError(), soap, dap);
        soap.addEventListener('click', busy(soap, actions, start('SOAP')));
        dap.addEventListener('click', busy(dap, actions, start('DAP')));
        replace(
          body,
          list.length
            ? h(
                'ul',
                { class: 'rows' },
                list.map((n) =>
                  h(
                    'li',
                    {},
                    link(`/notes/${n.id}`, `${n.format} note`),
                    ` · ${fmtDateTime(n.signedAt ?? n.updatedAt ?? n.createdAt, tz)} `,
                    badge(n.status),
                  ),
                ),
              )
            : empty('No note yet.'),
          actions,
        );
      }),
      section('Timeline', async (body) => {
        // The API's timeline: intakes, sessions with their flags, assessments, notes (never their text).
        const items = await all<TimelineItem>(`/patients/${id}/timeline`, {}, 500);
        const href = (e: TimelineItem) =>
          e.kind === 'session' ? `/sessions/${e.id}` : e.kind === 'note' ? `/notes/${e.id}` : null;
        replace(
          body,
          items.length
            ? h(
                'ol',
                { class: 'timeline' },
                items.map((e) => {
                  const to = href(e);
                  return h(
                    'li',
                    { class: `tl-${e.kind}` },
                    h('time', { datetime: e.at }, fmtDateTime(e.at, tz)),
                    ' ',
                    to ? link(to, e.title) : h('span', {}, e.title),
                    ' ',
                    badge(e.status),
                    e.flags.length
                      ? h(
                          'ul',
                          { class: 'flags' },
                          e.flags.map((f) =>
                            h(
                              'li',
                              { class: `flag sev-${f.severity}` },
                              badge(f.severity),
                              ` ${humanize(f.code)} · ${f.status}${f.blocksDosing ? ' · held dosing' : ''}`,
                            ),
                          ),
                        )
                      : null,
                  );
                }),
              )
            : empty('Nothing recorded yet.'),
        );
      }),
    );
  };
  await draw();
};

function sessionForm(patientId: string, tz: string | undefined): HTMLElement {
  const when = new Date(Date.now() + 3600_000);
  const scheduledAt = h('input', { type: 'datetime-local', value: localInputValue(when, tz) });
  const route = select(ROUTES, 'IM', (r) => r);
  const plannedDoseMg = h('input', { type: 'number', inputmode: 'decimal', step: '0.1' });
  const weightKg = h('input', { type: 'number', inputmode: 'decimal', step: '0.1' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Schedule session');
  const form = h(
    'form',
    { class: 'grid-form', novalidate: true },
    formError(),
    field('Scheduled at', 'scheduledAt', scheduledAt),
    field('Route', 'route', route),
    field('Planned dose (mg)', 'plannedDoseMg', plannedDoseMg),
    field('Weight (kg)', 'weightKg', weightKg),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener(
    'submit',
    busy(submit, form, async () => {
      const s = await create<{ id: string }>(`/patients/${patientId}/sessions`, {
        scheduledAt: fromLocalInput(scheduledAt.value, tz),
        route: route.value,
        plannedDoseMg: plannedDoseMg.value === '' ? undefined : Number(plannedDoseMg.value),
        weightKg: weightKg.value === '' ? undefined : Number(weightKg.value),
      });
      navigate(`/sessions/${s.id}`);
    }),
  );
  return h('details', {}, h('summary', {}, 'Schedule a session'), form);
}

function assessmentForm(patientId: string, tz: string | undefined, onDone: () => void): HTMLElement {
  const instrument = select(['PHQ9', 'GAD7'], 'PHQ9', (v) => (v === 'PHQ9' ? 'PHQ-9' : 'GAD-7'));
  const context = select(['follow_up', 'pre_session', 'intake'], 'follow_up');
  const administeredAt = h('input', { type: 'datetime-local', value: localInputValue(new Date(), tz) });
  const holder = h('div');
  let q = questionnaire('answers', PHQ9_ITEMS);
  replace(holder, q.el);
  instrument.addEventListener('change', () => {
    q = questionnaire('answers', instrument.value === 'PHQ9' ? PHQ9_ITEMS : GAD7_ITEMS);
    replace(holder, q.el);
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Score and save');
  const result = h('p', { role: 'status' });
  const form = h(
    'form',
    { novalidate: true },
    formError(),
    h(
      'div',
      { class: 'grid-form' },
      field('Instrument', 'instrument', instrument),
      field('Context', 'context', context),
      field('Administered at', 'administeredAt', administeredAt),
    ),
    holder,
    h('div', { class: 'actions' }, submit),
    result,
  );
  form.addEventListener(
    'submit',
    busy(submit, form, async () => {
      const a = await create<Assessment & { flags?: unknown[] }>(`/patients/${patientId}/assessments`, {
        instrument: instrument.value,
        answers: q.answers() ?? [],
        administeredAt: fromLocalInput(administeredAt.value, tz),
        context: context.value,
      });
      result.textContent = `Scored ${a.totalScore} (${humanize(a.severity)}).`;
      onDone();
    }),
  );
  return h('details', {}, h('summary', {}, 'Record a PHQ-9 or GAD-7'), form);
}

export type { User };
export default view;
