import { all, session } from './api.js';
import type { Role, User } from './api.js';
import { h, replace } from './dom.js';

export interface Clinic {
  id: string;
  name: string;
  timeZone: string;
  settings: Record<string, number>;
  customSettings?: Record<string, number>;
}

/** A screen draws into `root`; it may return a cleanup (stop polling) run when the user leaves it. */
export type View = (
  root: HTMLElement,
  params: Record<string, string>,
  user: User,
) => void | (() => void) | Promise<void | (() => void)>;

export interface Route {
  pattern: string;
  roles: Role[];
  view: () => Promise<View>;
  nav?: string;
}

let clinicsCache: Promise<Clinic[]> | null = null;
/** The user's clinics (all for an admin), for names and time zones. */
export function clinics(): Promise<Clinic[]> {
  const user = session.user();
  if (!user || user.role === 'foundation') return Promise.resolve([]);
  clinicsCache ??= all<Clinic>('/clinics').catch((err) => {
    clinicsCache = null;
    throw err;
  });
  return clinicsCache;
}
export function forgetClinics() {
  clinicsCache = null;
}
export async function clinicOf(id: string | undefined): Promise<Clinic | undefined> {
  return (await clinics()).find((c) => c.id === id);
}

export function navigate(path: string, replaceState = false) {
  if (replaceState) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  void render();
}

/** Internal links go through the router (no reload); modifier clicks keep the browser's behaviour. */
export function link(path: string, ...children: (Node | string)[]): HTMLAnchorElement {
  return h(
    'a',
    {
      href: path,
      onclick: ((e: MouseEvent) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(path);
      }) as EventListener,
    },
    ...children,
  );
}

let routes: Route[] = [];
let cleanup: (() => void) | null = null;

export function setRoutes(r: Route[]) {
  routes = r;
}

export function homeFor(role: Role): string {
  return { clinician: '/patients', supervisor: '/flags', foundation: '/outcomes', admin: '/admin/clinics' }[
    role
  ];
}

function match(path: string): { route: Route; params: Record<string, string> } | null {
  for (const route of routes) {
    const names: string[] = [];
    const re = new RegExp(
      `^${route.pattern.replace(/:(\w+)/g, (_, n: string) => (names.push(n), '([^/]+)'))}/?$`,
    );
    const m = re.exec(path);
    if (m)
      return { route, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
  }
  return null;
}

const ROLE_LABEL: Record<Role, string> = {
  clinician: 'Clinician',
  supervisor: 'Medical supervisor',
  foundation: 'Foundation',
  admin: 'Administrator',
};

function header(user: User | null, path: string): HTMLElement {
  const nav = user
    ? h(
        'nav',
        { 'aria-label': 'Main' },
        h(
          'ul',
          {},
          routes
            .filter((r) => r.nav && r.roles.includes(user.role))
            .map((r) => {
              const a = link(r.pattern, r.nav!);
              if (path === r.pattern || path.startsWith(`${r.pattern}/`))
                a.setAttribute('aria-current', 'page');
              return h('li', {}, a);
            }),
        ),
      )
    : null;
  const who = user
    ? h(
        'div',
        { class: 'who' },
        h('span', {}, user.name, h('small', {}, ROLE_LABEL[user.role])),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () => {
              session.clear();
              forgetClinics();
              navigate('/login');
            },
          },
          'Sign out',
        ),
      )
    : null;
  return h('header', { class: 'topbar' }, h('a', { class: 'brand', href: '/' }, 'KAP Clinic'), nav, who);
}

export async function render() {
  const app = document.getElementById('app')!;
  cleanup?.();
  cleanup = null;
  const path = location.pathname;
  const user = session.user();
  if (!user && path !== '/login')
    return navigate(`/login?next=${encodeURIComponent(path + location.search)}`, true);
  if (user && (path === '/' || path === '/login')) return navigate(homeFor(user.role), true);
  const found = match(path);
  const main = h('main', { id: 'main', tabindex: '-1' });
  replace(app, h('a', { class: 'skip', href: '#main' }, 'Skip to content'), header(user, path), main);
  if (!found) {
    replace(
      main,
      h('h1', {}, 'Page not found'),
      h('p', {}, 'This address does not exist. ', link('/', 'Go to the start page')),
    );
    return;
  }
  if (user && !found.route.roles.includes(user.role)) {
    replace(
      main,
      h('h1', {}, 'Not available'),
      h('p', {}, 'Your role does not use this page. ', link(homeFor(user.role), 'Go to your start page')),
    );
    return;
  }
  try {
    const view = await found.route.view();
    const done = await view(main, found.params, user!);
    if (typeof done === 'function') cleanup = done;
  } catch (err) {
    replace(
      main,
      h(
        'div',
        { class: 'alert error', role: 'alert' },
        `This page could not be shown: ${(err as Error).message}`,
      ),
    );
  }
  const heading = main.querySelector('h1');
  if (heading) document.title = `${heading.textContent} · KAP Clinic`;
  main.focus({ preventScroll: true });
}
