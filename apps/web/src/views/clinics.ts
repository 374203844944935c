import { patch, post } from '../api.js';
import { clinics, forgetClinics } from '../app.js';
import type { Clinic, View } from '../app.js';
import { alertBox, busy, empty, field, formError, h, humanize, replace, zoneLabel } from '../dom.js';

const ZONES =
  (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];

function zoneInput(value = ''): HTMLInputElement {
  const listId = 'tz-list';
  if (!document.getElementById(listId))
    document.body.append(
      h(
        'datalist',
        { id: listId },
        ZONES.map((z) => h('option', { value: z })),
      ),
    );
  return h('input', { list: listId, value, autocomplete: 'off', placeholder: 'America/New_York' });
}

/** "predoseSystolic" → "Predose systolic (mmHg)". */
function settingLabel(key: string): string {
  const unit = /systolic|diastolic/i.test(key)
    ? 'mmHg'
    : /heartRate/.test(key)
      ? 'bpm'
      : /spo2/i.test(key)
        ? '%'
        : /respiratoryRate/.test(key)
          ? '/min'
          : /Seconds$/.test(key)
            ? 's'
            : /Minutes$/.test(key)
              ? 'min'
              : '';
  const words = humanize(key.replace(/([A-Z])/g, '_$1')).replace(/SPO2/i, 'SpO₂');
  return unit ? `${words} (${unit})` : words;
}

/** Clinics with their thresholds: each may be tightened, never loosened (the API says which way). */
const view: View = async (root) => {
  const body = h('div');
  const draw = async () => {
    forgetClinics();
    try {
      const list = await clinics();
      replace(body, list.length ? list.map(clinicCard) : empty('No clinic yet. Create the first one below.'));
    } catch (err) {
      replace(body, alertBox(err));
    }
  };

  function clinicCard(c: Clinic): HTMLElement {
    const name = h('input', { value: c.name });
    const tz = zoneInput(c.timeZone);
    const inputs = Object.entries(c.settings).map(([key, value]) => {
      const input = h('input', { type: 'number', inputmode: 'numeric', value });
      const custom = c.customSettings && key in c.customSettings;
      return {
        key,
        input,
        el: field(`${settingLabel(key)}${custom ? ' (set by the clinic)' : ''}`, `settings.${key}`, input),
      };
    });
    const save = h('button', { type: 'submit', class: 'primary' }, 'Save clinic');
    const status = h('p', { role: 'status', class: 'sub' });
    const form = h(
      'form',
      { novalidate: true },
      formError(),
      h('div', { class: 'grid-form' }, field('Name', 'name', name), field('Time zone', 'timeZone', tz)),
      h(
        'details',
        {},
        h('summary', {}, 'Vitals and discharge thresholds'),
        h(
          'p',
          { class: 'sub' },
          'Defaults come from CLINICAL-RULES.md; a clinic may only make them stricter.',
        ),
        h(
          'div',
          { class: 'grid-form' },
          inputs.map((i) => i.el),
        ),
      ),
      h('div', { class: 'actions' }, save, status),
    );
    form.addEventListener(
      'submit',
      busy(save, form, async () => {
        const settings: Record<string, number> = {};
        for (const i of inputs)
          if (Number(i.input.value) !== c.settings[i.key]) settings[i.key] = Number(i.input.value);
        const updated = await patch<Clinic>(`/clinics/${c.id}`, {
          name: name.value.trim(),
          timeZone: tz.value.trim(),
          ...(Object.keys(settings).length ? { settings } : {}),
        });
        Object.assign(c, updated);
        forgetClinics();
        status.textContent = 'Saved.';
      }),
    );
    return h(
      'section',
      { class: 'card', 'data-clinic-id': c.id },
      h('h2', {}, c.name, h('small', {}, ` · ${zoneLabel(c.timeZone)}`)),
      form,
    );
  }

  const newName = h('input', {});
  const newTz = zoneInput('');
  const add = h('button', { type: 'submit', class: 'primary' }, 'Create clinic');
  const addForm = h(
    'form',
    { class: 'grid-form', novalidate: true },
    formError(),
    field('Name', 'name', newName),
    field('Time zone', 'timeZone', newTz),
    h('div', { class: 'actions' }, add),
  );
  addForm.addEventListener(
    'submit',
    busy(add, addForm, async () => {
      await post('/clinics', { name: newName.value.trim(), timeZone: newTz.value.trim() });
      newName.value = '';
      newTz.value = '';
      await draw();
    }),
  );
  replace(
    root,
    h('h1', {}, 'Clinics'),
    body,
    h('section', { class: 'card' }, h('h2', {}, 'New clinic'), addForm),
  );
  await draw();
};

export default view;
