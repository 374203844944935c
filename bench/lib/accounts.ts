import type { Pool } from 'pg';
import { BENCH } from './env';
import { call } from './load';
import type { ApiRequest } from './load';
import type { Accounts, PreparedScenario, SignedIn } from './scenario';
import { Rotation } from './stats';

async function login(email: string): Promise<string> {
  const res = await call('POST', '/auth/login', undefined, { email, password: BENCH.password });
  if (res.status !== 200) throw new Error(`login ${email}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { accessToken: string }).accessToken;
}

/** Signs in every generated account through the API (argon2id verify, audit row: the real path). */
export async function signIn(pool: Pool): Promise<Accounts> {
  const { rows } = await pool.query<{ id: string; email: string; role: string; clinic_id: string | null }>(
    `SELECT u.id, u.email, u.role, m.clinic_id FROM users u LEFT JOIN clinic_memberships m ON m.user_id = u.id
      WHERE u.email LIKE '%@bench.example' ORDER BY u.email`,
  );
  const clinicians = new Map<string, SignedIn[]>();
  const supervisors = new Map<string, SignedIn>();
  let foundation: SignedIn | undefined;
  let admin: SignedIn | undefined;
  for (const row of rows) {
    const user: SignedIn = { id: row.id, role: row.role, token: await login(row.email) };
    if (row.role === 'clinician' && row.clinic_id) {
      clinicians.set(row.clinic_id, [...(clinicians.get(row.clinic_id) ?? []), user]);
    } else if (row.role === 'supervisor' && row.clinic_id) supervisors.set(row.clinic_id, user);
    else if (row.role === 'foundation') foundation = user;
    else if (row.role === 'admin') admin = user;
  }
  if (clinicians.size === 0 || !foundation || !admin)
    throw new Error('No bench accounts: run npm run bench:seed first');
  return { clinicians, supervisors, foundation, admin };
}

/** A clinician of the clinic, alternating between its clinicians. */
export function clinicianOf(accounts: Accounts, clinicId: string, i: number): SignedIn {
  const users = accounts.clinicians.get(clinicId);
  if (!users) throw new Error(`No clinician for clinic ${clinicId}`);
  return users[i % users.length];
}

/**
 * A scenario over clinic records: the API side and the raw side walk the same list (the raw side from
 * `rawStart`, so that two writers do not meet on one record), each step n signed in as a clinician of the
 * record's clinic.
 */
export function overClinicRecords<T extends { clinic_id: string }>(
  rows: T[],
  accounts: Accounts,
  request: (row: T, user: SignedIn, n: number) => ApiRequest,
  raw: (pool: Pool, row: T, user: SignedIn, n: number) => Promise<void>,
  rawStart = 0,
): PreparedScenario {
  const api = new Rotation(rows);
  const rawRows = new Rotation(rows, rawStart);
  let i = 0;
  let j = 0;
  return {
    next() {
      const n = i++;
      const row = api.next();
      return request(row, clinicianOf(accounts, row.clinic_id, n), n);
    },
    raw(pool) {
      const n = j++;
      const row = rawRows.next();
      return raw(pool, row, clinicianOf(accounts, row.clinic_id, n), n);
    },
  };
}
