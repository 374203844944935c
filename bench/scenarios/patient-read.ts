import { clinicianOf } from '../lib/accounts';
import type { Scenario } from '../lib/scenario';
import { Rotation } from '../lib/stats';
import { patientReadRaw } from '../baselines/patient-read';

/** GET /patients/:id: the smallest audited read (calibration: every endpoint pays at least this). */
export const patientRead: Scenario = {
  name: 'patient_read',
  route: { method: 'get', path: '/patients/{id}' },
  baseline: 'bench/baselines/patient-read.ts',
  async prepare({ pool, accounts }) {
    const { rows } = await pool.query<{ id: string; clinic_id: string }>(
      `SELECT id, clinic_id FROM patients ORDER BY random() LIMIT 2000`,
    );
    const api = new Rotation(rows);
    const raw = new Rotation(rows);
    let i = 0;
    let j = 0;
    return {
      next() {
        const p = api.next();
        return {
          method: 'GET',
          path: `/patients/${p.id}`,
          token: clinicianOf(accounts, p.clinic_id, i++).token,
        };
      },
      raw(pool) {
        const p = raw.next();
        return patientReadRaw(pool, clinicianOf(accounts, p.clinic_id, j++), p.id);
      },
    };
  },
};
