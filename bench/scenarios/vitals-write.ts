import { randomUUID } from 'node:crypto';
import { overClinicRecords } from '../lib/accounts';
import type { Scenario } from '../lib/scenario';
import { vitalsWriteRaw, VitalsBody } from '../baselines/vitals-write';

interface OpenSession {
  id: string;
  clinic_id: string;
  status: 'scheduled' | 'in_progress';
}

/**
 * A reading at the bedside, as the web app sends it (a new Idempotency-Key each time), rotating over the
 * sessions that accept readings (scheduled: pre-dose; under way: intra) and their clinics' clinicians.
 * One reading in 20 is high (a warning flag raised or joined), one in 50 critical (an escalation job).
 */
export function vitalsBody(session: OpenSession, n: number): VitalsBody {
  const high = n % 20 === 7;
  const critical = n % 50 === 13;
  return {
    takenAt: new Date().toISOString(),
    phase: session.status === 'scheduled' ? 'pre_dose' : 'intra',
    systolic: critical ? 192 : high ? 166 : 118 + (n % 17),
    diastolic: critical ? 114 : high ? 96 : 72 + (n % 11),
    heartRate: 64 + (n % 23),
    spo2: 95 + (n % 5),
    respiratoryRate: 12 + (n % 6),
  };
}

export const vitalsWrite: Scenario = {
  name: 'vitals_write',
  route: { method: 'post', path: '/sessions/{id}/vitals' },
  baseline: 'bench/baselines/vitals-write.ts',
  probeRequests: 16,
  async prepare({ pool, accounts }) {
    const { rows } = await pool.query<OpenSession>(
      `SELECT id, clinic_id, status FROM dosing_sessions WHERE status IN ('scheduled', 'in_progress')
        ORDER BY random() LIMIT 5000`,
    );
    // The baseline writes to other sessions than the API at the same step, so neither joins the other's flags.
    return overClinicRecords(
      rows,
      accounts,
      (s, user, n) => ({
        method: 'POST',
        path: `/sessions/${s.id}/vitals`,
        token: user.token,
        body: vitalsBody(s, n),
        headers: { 'idempotency-key': randomUUID() },
      }),
      (pool, s, user, n) => vitalsWriteRaw(pool, user, s.id, vitalsBody(s, n), randomUUID()),
      Math.floor(rows.length / 2),
    );
  },
};
