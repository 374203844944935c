import { clinics } from '../app.js';
import type { View } from '../app.js';
import { empty, field, h, replace } from '../dom.js';
import { reportFiles } from './reports.js';

/** A supervisor's clinic reports: the flag digest and clinic activity, per clinic and period. */
const view: View = async (root) => {
  const mine = await clinics();
  if (!mine.length) {
    replace(root, h('h1', {}, 'Clinic reports'), empty('You are not a member of any clinic.'));
    return;
  }
  const clinic = h(
    'select',
    {},
    mine.map((c) => h('option', { value: c.id }, c.name)),
  );
  const from = h('input', { type: 'date' });
  const to = h('input', { type: 'date' });
  const params = () => ({ clinicId: clinic.value, from: from.value || undefined, to: to.value || undefined });
  const digest = reportFiles('SUPERVISOR_FLAG_DIGEST', params);
  const activity = reportFiles('CLINIC_ACTIVITY', params);
  replace(
    root,
    h('h1', {}, 'Clinic reports'),
    h(
      'div',
      { class: 'toolbar' },
      field('Clinic', 'clinicId', clinic),
      field('From', 'from', from),
      field('To', 'to', to),
    ),
    digest.card,
    activity.card,
  );
  return () => {
    digest.stop();
    activity.stop();
  };
};

export default view;
