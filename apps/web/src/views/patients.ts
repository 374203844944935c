import { create, get } from '../api.js';
import type { Page } from '../api.js';
import { clinics, link, navigate } from '../app.js';
import type { View } from '../app.js';
import { alertBox, busy, empty, fmtDate, field, formError, h, humanize, loading, replace } from '../dom.js';

export interface Patient {
  id: string;
  clinicId: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sexAtBirth: string;
  primaryIndication: string;
  reminderConsent: boolean;
  scholarship: { programCode: string; awardedOn: string } | null;
  status?: string;
  email?: string | null;
  phone?: string | null;
  postalCode?: string | null;
}

export const INDICATIONS = ['MDD', 'TRD', 'PTSD', 'BIPOLAR_DEPRESSION', 'ANXIETY', 'OTHER'];
const SEXES = ['female', 'male', 'intersex', 'unknown'];

export function select(
  options: string[],
  value?: string,
  labels: (v: string) => string = humanize,
): HTMLSelectElement {
  const el = h(
    'select',
    {},
    options.map((o) => h('option', { value: o }, labels(o))),
  );
  if (value) el.value = value;
  return el;
}

const view: View = async (root) => {
  const myClinics = await clinics();
  const q = h('input', { type: 'search', placeholder: 'Name or record number', autocomplete: 'off' });
  const clinicSel = h(
    'select',
    {},
    h('option', { value: '' }, 'All my clinics'),
    myClinics.map((c) => h('option', { value: c.id }, c.name)),
  );
  const results = h('div', { 'aria-live': 'polite' });
  let cursor: string | null = null;
  let seq = 0;

  const row = (p: Patient) =>
    h(
      'tr',
      {},
      h('td', {}, link(`/patients/${p.id}`, `${p.familyName}, ${p.givenName}`)),
      h('td', {}, p.mrn),
      h('td', {}, fmtDate(p.birthDate)),
      h('td', {}, humanize(p.primaryIndication)),
      h('td', {}, p.scholarship ? p.scholarship.programCode : '—'),
      myClinics.length > 1 ? h('td', {}, myClinics.find((c) => c.id === p.clinicId)?.name ?? '') : null,
    );

  async function search(more = false) {
    const mine = ++seq;
    if (!more) {
      cursor = null;
      // The previous results stay until the new ones arrive (no flash of "Loading…" at each keystroke).
      if (!results.firstChild) replace(results, loading());
      results.setAttribute('aria-busy', 'true');
    }
    try {
      const page = await get<Page<Patient>>('/patients', {
        q: q.value.trim(),
        clinicId: clinicSel.value,
        limit: 50,
        cursor,
      });
      if (mine !== seq) return;
      cursor = page.nextCursor;
      let tbody = results.querySelector('tbody');
      if (!more || !tbody) {
        if (!page.items.length) {
          replace(
            results,
            empty(
              q.value.trim()
                ? 'No patient matches this search.'
                : 'No patients yet. Register the first one below.',
            ),
          );
          return;
        }
        tbody = h('tbody');
        replace(
          results,
          h(
            'table',
            { class: 'list' },
            h('caption', { class: 'visually-hidden' }, 'Patients'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [
                  'Name',
                  'Record no.',
                  'Born',
                  'Indication',
                  'Scholarship',
                  myClinics.length > 1 ? 'Clinic' : null,
                ]
                  .filter(Boolean)
                  .map((t) => h('th', { scope: 'col' }, t!)),
              ),
            ),
            tbody,
          ),
        );
      }
      tbody.append(...page.items.map(row));
      results.querySelector('.more')?.remove();
      if (cursor)
        results.append(
          h(
            'button',
            { type: 'button', class: 'secondary more', onclick: () => void search(true) },
            'Show more',
          ),
        );
    } catch (err) {
      replace(results, alertBox(err));
    } finally {
      if (mine === seq) results.removeAttribute('aria-busy');
    }
  }

  let timer: number | undefined;
  q.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => void search(), 250);
  });
  clinicSel.addEventListener('change', () => void search());

  replace(
    root,
    h('h1', {}, 'Patients'),
    h(
      'form',
      { class: 'toolbar', role: 'search', onsubmit: (e: Event) => (e.preventDefault(), void search()) },
      field('Search', 'q', q),
      myClinics.length > 1 ? field('Clinic', 'clinicId', clinicSel) : null,
    ),
    results,
    newPatientForm(myClinics.map((c) => ({ id: c.id, name: c.name }))),
  );
  await search();
  q.focus();
};

function newPatientForm(myClinics: { id: string; name: string }[]): HTMLElement {
  const inputs = {
    clinicId: select(
      myClinics.map((c) => c.id),
      undefined,
      (id) => myClinics.find((c) => c.id === id)!.name,
    ),
    mrn: h('input', { required: true }),
    givenName: h('input', { required: true, autocomplete: 'off' }),
    familyName: h('input', { required: true, autocomplete: 'off' }),
    birthDate: h('input', { type: 'date', required: true }),
    sexAtBirth: select(SEXES),
    primaryIndication: select(INDICATIONS, 'TRD'),
    email: h('input', { type: 'email', autocomplete: 'off' }),
    phone: h('input', { type: 'tel', autocomplete: 'off' }),
    postalCode: h('input', { autocomplete: 'off' }),
    reminderConsent: h('input', { type: 'checkbox' }),
    programCode: h('input', { autocomplete: 'off' }),
    awardedOn: h('input', { type: 'date' }),
  };
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Register patient');
  const form = h(
    'form',
    { class: 'grid-form', novalidate: true },
    formError(),
    myClinics.length > 1 ? field('Clinic', 'clinicId', inputs.clinicId) : null,
    field('Record number (MRN)', 'mrn', inputs.mrn),
    field('Given name', 'givenName', inputs.givenName),
    field('Family name', 'familyName', inputs.familyName),
    field('Birth date', 'birthDate', inputs.birthDate),
    field('Sex at birth', 'sexAtBirth', inputs.sexAtBirth),
    field('Primary indication', 'primaryIndication', inputs.primaryIndication),
    field('E-mail', 'email', inputs.email),
    field('Phone', 'phone', inputs.phone),
    field('Postal code', 'postalCode', inputs.postalCode),
    h(
      'div',
      { class: 'field check', 'data-field': 'reminderConsent' },
      h('label', {}, inputs.reminderConsent, ' Consents to reminders'),
      h('p', { class: 'field-error' }),
    ),
    field(
      'Scholarship program code',
      'scholarship.programCode',
      inputs.programCode,
      'Leave empty when the patient has no scholarship',
    ),
    field('Scholarship awarded on', 'scholarship.awardedOn', inputs.awardedOn),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener(
    'submit',
    busy(submit, form, async () => {
      const opt = (v: string) => (v.trim() ? v.trim() : undefined);
      const body = {
        clinicId: inputs.clinicId.value,
        mrn: inputs.mrn.value.trim(),
        givenName: inputs.givenName.value.trim(),
        familyName: inputs.familyName.value.trim(),
        birthDate: inputs.birthDate.value,
        sexAtBirth: inputs.sexAtBirth.value,
        primaryIndication: inputs.primaryIndication.value,
        email: opt(inputs.email.value),
        phone: opt(inputs.phone.value),
        postalCode: opt(inputs.postalCode.value),
        reminderConsent: inputs.reminderConsent.checked,
        scholarship: inputs.programCode.value.trim()
          ? { programCode: inputs.programCode.value.trim(), awardedOn: inputs.awardedOn.value }
          : undefined,
      };
      const p = await create<Patient>('/patients', body);
      navigate(`/patients/${p.id}`);
    }),
  );
  return h('details', { class: 'card' }, h('summary', {}, 'Register a new patient'), form);
}

export default view;
