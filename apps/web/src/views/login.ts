import { login } from '../api.js';
import { homeFor, navigate } from '../app.js';
import type { View } from '../app.js';
import { busy, field, formError, h, replace } from '../dom.js';

const view: View = (root) => {
  const params = new URLSearchParams(location.search);
  const email = h('input', { type: 'email', autocomplete: 'username', required: true, autofocus: true });
  const password = h('input', { type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'card login', novalidate: true },
    h('h1', {}, 'Sign in'),
    params.get('expired')
      ? h('p', { class: 'alert info', role: 'status' }, 'Your session ended. Please sign in again.')
      : null,
    formError(),
    field('E-mail', 'email', email),
    field('Password', 'password', password),
    submit,
  );
  form.addEventListener(
    'submit',
    busy(submit, form, async () => {
      const user = await login(email.value.trim(), password.value);
      const next = params.get('next');
      navigate(
        next && next.startsWith('/') && !next.startsWith('//') && next !== '/login'
          ? next
          : homeFor(user.role),
        true,
      );
    }),
  );
  replace(root, form);
  setTimeout(() => email.focus(), 0);
};
export default view;
