import type { Scenario, SignedIn } from '../lib/scenario';
import { Rotation } from '../lib/stats';
import { flagsReadRaw } from '../baselines/flags-read';

/** The supervisor's review queue: GET /flags?clinicId&status=open, rotating over the clinics. */
export const flagsRead: Scenario = {
  name: 'flags_read',
  route: { method: 'get', path: '/flags' },
  baseline: 'bench/baselines/flags-read.ts',
  async prepare({ accounts }) {
    const supervisors = [...accounts.supervisors.entries()].map(([clinicId, user]) => ({ clinicId, user }));
    const api = new Rotation<{ clinicId: string; user: SignedIn }>(supervisors);
    const raw = new Rotation<{ clinicId: string; user: SignedIn }>(supervisors);
    return {
      next() {
        const s = api.next();
        return { method: 'GET', path: `/flags?clinicId=${s.clinicId}&status=open`, token: s.user.token };
      },
      raw(pool) {
        const s = raw.next();
        return flagsReadRaw(pool, s.user, s.clinicId);
      },
    };
  },
};
