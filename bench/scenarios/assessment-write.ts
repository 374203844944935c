import { randomUUID } from 'node:crypto';
import { overClinicRecords } from '../lib/accounts';
import type { Scenario } from '../lib/scenario';
import { assessmentWriteRaw, AssessmentBody } from '../baselines/assessment-write';

/** A follow-up PHQ-9 (one in ten answers item 9 above 0: the flag is raised) or, one in four, a GAD-7. */
export function assessmentBody(n: number): AssessmentBody {
  const gad7 = n % 4 === 3;
  const answers = Array.from({ length: gad7 ? 7 : 9 }, (_, k) => (n + k * 7) % 4);
  if (!gad7) answers[8] = n % 10 === 4 ? 1 : 0;
  return {
    instrument: gad7 ? 'GAD7' : 'PHQ9',
    answers,
    administeredAt: new Date().toISOString(),
    context: 'follow_up',
  };
}

export const assessmentWrite: Scenario = {
  name: 'assessment_write',
  route: { method: 'post', path: '/patients/{id}/assessments' },
  baseline: 'bench/baselines/assessment-write.ts',
  probeRequests: 12,
  async prepare({ pool, accounts }) {
    const { rows } = await pool.query<{ id: string; clinic_id: string }>(
      `SELECT id, clinic_id FROM patients ORDER BY random() LIMIT 5000`,
    );
    return overClinicRecords(
      rows,
      accounts,
      (p, user, n) => ({
        method: 'POST',
        path: `/patients/${p.id}/assessments`,
        token: user.token,
        body: assessmentBody(n),
        headers: { 'idempotency-key': randomUUID() },
      }),
      (pool, p, user, n) => assessmentWriteRaw(pool, user, p.id, assessmentBody(n), randomUUID()),
      Math.floor(rows.length / 2),
    );
  },
};
