import { overClinicRecords } from '../lib/accounts';
import type { Scenario } from '../lib/scenario';
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
    return overClinicRecords(
      rows,
      accounts,
      (p, user) => ({ method: 'GET', path: `/patients/${p.id}`, token: user.token }),
      (pool, p, user) => patientReadRaw(pool, user, p.id),
    );
  },
};
