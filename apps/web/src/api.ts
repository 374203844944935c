/** Every call goes through the documented /api/v1 routes with the JWT from POST /auth/login. */

export type Role = 'clinician' | 'supervisor' | 'foundation' | 'admin';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  clinicIds: string[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface FieldProblem {
  field: string;
  messages: string[];
}

/** The API's one error shape: `{ statusCode, error, message, code?, details?, requestId }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Validation problems by field name (`details` of a 400), for messages beside the inputs. */
  fieldProblems(): FieldProblem[] {
    // A note signed with blank sections (409 NOTE_INCOMPLETE) names them as `details.sections`.
    const sections = (this.details as { sections?: unknown } | undefined)?.sections;
    if (Array.isArray(sections))
      return sections.map((field) => ({
        field: String(field),
        messages: ['Write this section before signing'],
      }));
    return Array.isArray(this.details)
      ? (this.details as unknown[]).filter(
          (d): d is FieldProblem =>
            !!d && typeof d === 'object' && typeof (d as FieldProblem).field === 'string',
        )
      : [];
  }

  /** Reasons without a field (409 DISCHARGE_CRITERIA_UNMET: `[{ criterion, message }]`). */
  reasons(): string[] {
    return Array.isArray(this.details)
      ? (this.details as { field?: unknown; message?: unknown }[])
          .filter(
            (d) => !!d && typeof d === 'object' && d.field === undefined && typeof d.message === 'string',
          )
          .map((d) => String(d.message))
      : [];
  }
}

const TOKEN = 'kap.token';
const USER = 'kap.user';
const BASE = '/api/v1';

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN),
  user(): User | null {
    const raw = sessionStorage.getItem(USER);
    return raw ? (JSON.parse(raw) as User) : null;
  },
  save(token: string, user: User) {
    sessionStorage.setItem(TOKEN, token);
    sessionStorage.setItem(USER, JSON.stringify(user));
  },
  clear() {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(USER);
  },
};

/** Called when the token is refused (expired, account deactivated): back to sign-in. */
let onUnauthorized: () => void = () => undefined;
export function setUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const token = session.token();
  const init: RequestInit = { method, headers: { accept: 'application/json', ...headers } };
  if (token) (init.headers as Record<string, string>).authorization = `Bearer ${token}`;
  if (body !== undefined) {
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(BASE + path, init);
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check the connection and try again.');
  }
  if (res.ok) return res;
  let payload: { message?: string; code?: string; details?: unknown } = {};
  try {
    payload = (await res.json()) as typeof payload;
  } catch {
    /* not JSON: keep the status text */
  }
  if (res.status === 401 && token && path !== '/auth/login') onUnauthorized();
  throw new ApiError(
    res.status,
    payload.message ?? res.statusText ?? 'Request failed',
    payload.code,
    payload.details,
  );
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<T> {
  const res = await send(method, path, body, headers);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', withQuery(path, query));
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
/** A creating POST: a retried tap answers the first result instead of recording twice. */
export const create = <T>(path: string, body: unknown) =>
  api<T>('POST', path, body, { 'idempotency-key': crypto.randomUUID() });
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);

/** A file (report download) through the same authenticated route, saved by the browser. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await send('GET', path, undefined, { accept: '*/*' });
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function login(email: string, password: string): Promise<User> {
  const res = await api<{ accessToken: string; user: User }>('POST', '/auth/login', { email, password });
  session.save(res.accessToken, res.user);
  return res.user;
}

/** Every page of a list (small lists only: clinics' users, a patient's assessments). */
export async function all<T>(path: string, query: Query = {}, max = 1000): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> | T[] = await get<Page<T> | T[]>(path, { ...query, limit: 200, cursor });
    if (Array.isArray(page)) return page;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}
