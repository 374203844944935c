import { all, patch, post } from '../api.js';
import type { Role, User } from '../api.js';
import { clinics } from '../app.js';
import type { View } from '../app.js';
import { alertBox, badge, busy, empty, field, formError, h, replace } from '../dom.js';
import { select } from './patients.js';

type Account = User & { active: boolean };
const ROLES: Role[] = ['clinician', 'supervisor', 'foundation', 'admin'];

/** Accounts: role, clinic memberships, deactivation (its tokens stop working at once). */
const view: View = async (root, _p, me) => {
  const allClinics = await clinics();
  const clinicName = (id: string) => allClinics.find((c) => c.id === id)?.name ?? id;
  const body = h('div');
  const clinicBoxes = (chosen: string[]) => {
    const boxes = allClinics.map((c) =>
      h('input', { type: 'checkbox', value: c.id, checked: chosen.includes(c.id) }),
    );
    return {
      boxes,
      el: h(
        'fieldset',
        { 'data-field': 'clinicIds', class: 'checks' },
        h('legend', {}, 'Clinics (clinicians and supervisors)'),
        allClinics.map((c, i) => h('label', {}, boxes[i], ` ${c.name}`)),
        h('p', { class: 'field-error' }),
      ),
    };
  };

  const draw = async () => {
    try {
      const users = await all<Account>('/users');
      replace(body, users.length ? h('ul', { class: 'rows' }, users.map(row)) : empty('No user yet.'));
    } catch (err) {
      replace(body, alertBox(err));
    }
  };

  function row(u: Account): HTMLElement {
    const role = select(ROLES, u.role, (r) => r);
    const cb = clinicBoxes(u.clinicIds);
    const save = h('button', { type: 'submit', class: 'secondary' }, 'Save');
    const toggle = h(
      'button',
      { type: 'button', class: u.active ? 'danger' : 'secondary', disabled: u.id === me.id },
      u.active ? 'Deactivate' : 'Reactivate',
    );
    const form = h(
      'form',
      { novalidate: true },
      formError(),
      field('Role', 'role', role),
      cb.el,
      h('div', { class: 'actions' }, save, toggle),
    );
    form.addEventListener(
      'submit',
      busy(save, form, async () => {
        await patch(`/users/${u.id}`, {
          role: role.value,
          clinicIds: cb.boxes.filter((b) => b.checked).map((b) => b.value),
        });
        await draw();
      }),
    );
    toggle.addEventListener(
      'click',
      busy(toggle, form, async () => {
        await patch(`/users/${u.id}`, { active: !u.active });
        await draw();
      }),
    );
    return h(
      'li',
      { class: 'card' },
      h(
        'details',
        {},
        h(
          'summary',
          {},
          h('strong', {}, u.name),
          ` · ${u.email} · `,
          badge(u.role),
          u.active ? '' : badge('inactive'),
          u.clinicIds.length ? ` · ${u.clinicIds.map(clinicName).join(', ')}` : '',
        ),
        form,
      ),
    );
  }

  const email = h('input', { type: 'email', autocomplete: 'off' });
  const name = h('input', { autocomplete: 'off' });
  const password = h('input', { type: 'password', autocomplete: 'new-password' });
  const role = select(ROLES, 'clinician', (r) => r);
  const cb = clinicBoxes([]);
  const add = h('button', { type: 'submit', class: 'primary' }, 'Create user');
  const addForm = h(
    'form',
    { novalidate: true },
    formError(),
    h(
      'div',
      { class: 'grid-form' },
      field('Name', 'name', name),
      field('E-mail', 'email', email),
      field('Initial password', 'password', password),
      field('Role', 'role', role),
    ),
    cb.el,
    h('div', { class: 'actions' }, add),
  );
  addForm.addEventListener(
    'submit',
    busy(add, addForm, async () => {
      await post('/users', {
        email: email.value.trim(),
        name: name.value.trim(),
        password: password.value,
        role: role.value,
        clinicIds: cb.boxes.filter((b) => b.checked).map((b) => b.value),
      });
      [email, name, password].forEach((i) => (i.value = ''));
      await draw();
    }),
  );
  replace(
    root,
    h('h1', {}, 'Users'),
    body,
    h('section', { class: 'card' }, h('h2', {}, 'New user'), addForm),
  );
  await draw();
};

export default view;
