import { overClinicRecords } from '../lib/accounts';
import type { Scenario } from '../lib/scenario';
import { sessionReadRaw } from '../baselines/session-read';

/** GET /sessions/:id: a session with its doses, readings, flags and events, rotating over all sessions. */
export const sessionRead: Scenario = {
  name: 'session_read',
  route: { method: 'get', path: '/sessions/{id}' },
  baseline: 'bench/baselines/session-read.ts',
  async prepare({ pool, accounts }) {
    const { rows } = await pool.query<{ id: string; clinic_id: string }>(
      `SELECT id, clinic_id FROM dosing_sessions TABLESAMPLE SYSTEM (10) LIMIT 5000`,
    );
    return overClinicRecords(
      rows,
      accounts,
      (s, user) => ({ method: 'GET', path: `/sessions/${s.id}`, token: user.token }),
      (pool, s, user) => sessionReadRaw(pool, user, s.id),
    );
  },
};
