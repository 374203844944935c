import { session, setUnauthorizedHandler } from './api.js';
import { navigate, render, setRoutes } from './app.js';
import type { View } from './app.js';

const load = (name: string) => async () =>
  ((await import(`./views/${name}.js`)) as { default: View }).default;

setRoutes([
  { pattern: '/login', roles: [], view: load('login') },
  { pattern: '/patients', roles: ['clinician', 'supervisor'], view: load('patients'), nav: 'Patients' },
  { pattern: '/patients/:id', roles: ['clinician', 'supervisor'], view: load('patient') },
  { pattern: '/sessions/:id', roles: ['clinician', 'supervisor'], view: load('session') },
  { pattern: '/notes/:id', roles: ['clinician', 'supervisor'], view: load('note') },
  { pattern: '/flags', roles: ['supervisor'], view: load('flags'), nav: 'Flag queue' },
  { pattern: '/intake-reviews', roles: ['supervisor'], view: load('intake-reviews'), nav: 'Intake reviews' },
  { pattern: '/clinic-reports', roles: ['supervisor'], view: load('clinic-reports'), nav: 'Reports' },
  { pattern: '/outcomes', roles: ['foundation', 'admin'], view: load('outcomes'), nav: 'Outcomes' },
  { pattern: '/admin/clinics', roles: ['admin'], view: load('clinics'), nav: 'Clinics' },
  { pattern: '/admin/users', roles: ['admin'], view: load('users'), nav: 'Users' },
]);

setUnauthorizedHandler(() => {
  session.clear();
  navigate(`/login?expired=1&next=${encodeURIComponent(location.pathname)}`, true);
});
window.addEventListener('popstate', () => void render());
void render();
