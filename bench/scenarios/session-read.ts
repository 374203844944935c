import { clinicianOf } from '../lib/accounts';
import type { Scenario } from '../lib/scenario';
import { Rotation } from '../lib/stats';
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
    const api = new Rotation(rows);
    const raw = new Rotation(rows);
    let i = 0;
    let j = 0;
    return {
      next() {
        const s = api.next();
        return {
          method: 'GET',
          path: `/sessions/${s.id}`,
          token: clinicianOf(accounts, s.clinic_id, i++).token,
        };
      },
      raw(pool) {
        const s = raw.next();
        return sessionReadRaw(pool, clinicianOf(accounts, s.clinic_id, j++), s.id);
      },
    };
  },
};
