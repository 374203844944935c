import { randomUUID } from 'node:crypto';
import { clinicianOf } from '../lib/accounts';
import type { Scenario } from '../lib/scenario';
import { Rotation } from '../lib/stats';
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
    const api = new Rotation(rows);
    // The baseline writes to other sessions than the API at the same step, so neither joins the other's flags.
    const raw = new Rotation(rows, Math.floor(rows.length / 2));
    let i = 0;
    let j = 0;
    return {
      next() {
        const s = api.next();
        const n = i++;
        return {
          method: 'POST',
          path: `/sessions/${s.id}/vitals`,
          token: clinicianOf(accounts, s.clinic_id, n).token,
          body: vitalsBody(s, n),
          headers: { 'idempotency-key': randomUUID() },
        };
      },
      raw(pool) {
        const s = raw.next();
        const n = j++;
        return vitalsWriteRaw(
          pool,
          clinicianOf(accounts, s.clinic_id, n),
          s.id,
          vitalsBody(s, n),
          randomUUID(),
        );
      },
    };
  },
};
