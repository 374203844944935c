import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { severityOf } from '../../libs/clinical-rules/src';

/**
 * Clinical histories written straight into the tables (the reports read them with SQL), so that a test
 * can build a hand-computed data set quickly: a patient, completed sessions with their doses, PHQ-9
 * scores at given days from the first dose, and item-9 flags.
 */
export interface Course {
  clinicId: string;
  /** The clinician recorded as author of the sessions, doses and assessments. */
  userId: string;
  birthDate?: string;
  indication?: string;
  /** Null: no scholarship (must not count in foundation reports). */
  awardedOn?: string | null;
  firstDoseAt?: Date | null;
  sessions?: number;
  /** PHQ-9 totals by day relative to the first dose (negative: before it). */
  phq9?: [day: number, total: number][];
  item9Flag?: boolean;
  sessionStatuses?: string[];
}

const DAY = 86_400_000;

/** Nine answers 0-3 adding up to the total, item 9 last (0 unless the total needs it). */
function phq9Answers(total: number): number[] {
  const answers = Array.from({ length: 9 }, (_, i) => (i < 8 ? Math.min(3, Math.max(0, total - 3 * i)) : 0));
  answers[8] = total - answers.reduce((a, b) => a + b, 0);
  return answers;
}

export async function seedCourse(sql: Client, c: Course): Promise<string> {
  const patientId = randomUUID();
  const awardedOn = c.awardedOn === undefined ? '2026-01-05' : c.awardedOn;
  await sql.query(
    `INSERT INTO patients (id, clinic_id, mrn, given_name, family_name, birth_date, sex_at_birth, postal_code, email,
                           reminder_consent, primary_indication, scholarship_program_code, scholarship_awarded_on)
     VALUES ($1, $2, $3, 'Secretgiven', $4, $5, 'female', '02139', 'secret@example.org', true, $6, $7, $8)`,
    [
      patientId,
      c.clinicId,
      `MRN-${randomBytes(4).toString('hex')}`,
      `Secretfamily${randomBytes(3).toString('hex')}`,
      c.birthDate ?? '1985-06-15',
      c.indication ?? 'TRD',
      awardedOn ? 'FND-2026' : null,
      awardedOn,
    ],
  );
  const first = c.firstDoseAt === undefined ? new Date('2026-02-02T15:00:00Z') : c.firstDoseAt;
  const statuses =
    c.sessionStatuses ?? Array.from({ length: c.sessions ?? (first ? 1 : 0) }, () => 'completed');
  for (const [i, status] of statuses.entries()) {
    const at = new Date((first ?? new Date('2026-02-02T15:00:00Z')).getTime() + i * 7 * DAY);
    const sessionId = randomUUID();
    const dosed = status === 'completed' || status === 'aborted';
    await sql.query(
      `INSERT INTO dosing_sessions (id, clinic_id, patient_id, session_number, status, scheduled_at, route, planned_dose_mg,
                                    weight_kg, started_at, completed_at, cancelled_at, aborted_at, abort_reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, 'IM', 50, 70, $7, $8, $9, $10, $11, $12)`,
      [
        sessionId,
        c.clinicId,
        patientId,
        i + 1,
        status,
        at,
        dosed ? at : null,
        status === 'completed' ? new Date(at.getTime() + 3 * 3600_000) : null,
        status === 'cancelled' ? at : null,
        status === 'aborted' ? new Date(at.getTime() + 30 * 60_000) : null,
        status === 'aborted' ? 'vomiting' : null,
        c.userId,
      ],
    );
    if (dosed && first) {
      await sql.query(
        `INSERT INTO doses (session_id, clinic_id, patient_id, administered_at, dose_mg, dose_mg_per_kg, route, given_by)
         VALUES ($1, $2, $3, $4, 50, 0.7143, 'IM', $5)`,
        [sessionId, c.clinicId, patientId, new Date(at.getTime() + 15 * 60_000), c.userId],
      );
    }
  }
  const doseAt = first ? new Date(first.getTime() + 15 * 60_000) : new Date('2026-02-02T15:15:00Z');
  for (const [day, total] of c.phq9 ?? []) {
    const answers = phq9Answers(total);
    await sql.query(
      `INSERT INTO assessments (clinic_id, patient_id, instrument, answers, total_score, severity, item9, administered_at,
                                context, created_by)
       VALUES ($1, $2, 'PHQ9', $3, $4, $5, $6, $7, $8, $9)`,
      [
        c.clinicId,
        patientId,
        answers,
        total,
        severityOf('PHQ9', total),
        answers[8],
        new Date(doseAt.getTime() + day * DAY),
        day <= 0 ? 'pre_session' : 'follow_up',
        c.userId,
      ],
    );
  }
  if (c.item9Flag) {
    await sql.query(
      `INSERT INTO flags (clinic_id, patient_id, code, severity, status, source, raised_at)
       VALUES ($1, $2, 'PHQ9_ITEM9_POSITIVE', 'warning', 'open', 'assessment', $3)`,
      [c.clinicId, patientId, doseAt],
    );
  }
  return patientId;
}
