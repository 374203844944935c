import { get } from '../api.js';
import type { Page } from '../api.js';
import { clinics, link } from '../app.js';
import type { View } from '../app.js';
import { alertBox, empty, h, loading, replace } from '../dom.js';
import { intakeResult } from './intake.js';
import type { Intake } from './intake.js';
import type { Patient } from './patients.js';

/** Intakes waiting for a supervisor's decision, oldest first, with the decision form inline. */
const view: View = async (root, _params, user) => {
  const mine = await clinics();
  const body = h('div', {}, loading());
  replace(
    root,
    h('h1', {}, 'Intake reviews'),
    h(
      'p',
      { class: 'sub' },
      'Screenings with a relative contraindication, an interacting medication or a positive suicide-risk screen. No session is dosed before approval.',
    ),
    body,
  );
  const draw = async () => {
    try {
      const pages = await Promise.all(
        mine.map((c) =>
          get<Page<Intake>>('/intakes', {
            clinicId: c.id,
            eligibility: 'needs_review',
            reviewed: false,
            limit: 200,
          }),
        ),
      );
      const items = pages.flatMap((p) => p.items).filter((i) => !i.review);
      if (!items.length) return replace(body, empty('No intake waits for review.'));
      replace(
        body,
        h(
          'ul',
          { class: 'rows' },
          await Promise.all(
            items.map(async (i) => {
              const p = i.patientId ? await get<Patient>(`/patients/${i.patientId}`).catch(() => null) : null;
              const tz = mine.find((c) => c.id === p?.clinicId)?.timeZone;
              return h(
                'li',
                { class: 'card' },
                h('h2', {}, p ? link(`/patients/${p.id}`, `${p.familyName}, ${p.givenName}`) : 'Patient'),
                intakeResult(i, user, tz, () => void draw()),
              );
            }),
          ),
        ),
      );
    } catch (err) {
      replace(body, alertBox(err));
    }
  };
  await draw();
};

export default view;
