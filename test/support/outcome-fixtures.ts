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

/** Nine answers 0–3 adding up to `total` (items filled in order). */
function answersFor(total: number): number[] {
  return Array.from({ length: 9 }, (_, i) => Math.max(0, Math.min(3, total - i * 3)));
}

/** Temporary scaffold until the clinical tables are on main: the minimal columns the reports read. */
export async function ensureClinicalTables(sql: Client): Promise<void> {
  await sql.query(`
    CREATE TABLE IF NOT EXISTS dosing_sessions (id uuid PRIMARY KEY, clinic_id uuid NOT NULL, patient_id uuid NOT NULL,
      status text NOT NULL, scheduled_at timestamptz NOT NULL, started_at timestamptz, completed_at timestamptz);
    CREATE TABLE IF NOT EXISTS doses (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), session_id uuid NOT NULL, patient_id uuid NOT NULL,
      administered_at timestamptz NOT NULL, dose_mg numeric NOT NULL);
    CREATE TABLE IF NOT EXISTS assessments (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), clinic_id uuid NOT NULL, patient_id uuid NOT NULL,
      instrument text NOT NULL, total_score int NOT NULL, administered_at timestamptz NOT NULL, context text NOT NULL);
    CREATE TABLE IF NOT EXISTS flags (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), clinic_id uuid NOT NULL, patient_id uuid NOT NULL,
      session_id uuid, code text NOT NULL, severity text NOT NULL, status text NOT NULL, raised_at timestamptz NOT NULL,
      acknowledged_at timestamptz, resolved_at timestamptz);
  `);
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
      `INSERT INTO dosing_sessions (id, clinic_id, patient_id, status, scheduled_at, started_at, completed_at,
                                    session_number, route, planned_dose_mg, weight_kg, created_by, abort_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'IV', 50, 70, (SELECT id FROM users ORDER BY created_at LIMIT 1),
               CASE WHEN $4 = 'aborted' THEN 'fixture' END)`,
      [
        sessionId,
        c.clinicId,
        patientId,
        status,
        at,
        dosed ? at : null,
        status === 'completed' ? new Date(at.getTime() + 3 * 3600_000) : null,
        i + 1,
      ],
    );
    if (dosed && first) {
      await sql.query(
        `INSERT INTO doses (session_id, clinic_id, patient_id, administered_at, dose_mg, dose_mg_per_kg, route, given_by)
         VALUES ($1, $2, $3, $4, 50, 0.7143, 'IV', (SELECT id FROM users ORDER BY created_at LIMIT 1))`,
        [sessionId, c.clinicId, patientId, new Date(at.getTime() + 15 * 60_000)],
      );
    }
  }
  const doseAt = first ? new Date(first.getTime() + 15 * 60_000) : new Date('2026-02-02T15:15:00Z');
  for (const [day, total] of c.phq9 ?? []) {
    await sql.query(
      `INSERT INTO assessments (clinic_id, patient_id, instrument, total_score, administered_at, context,
                                answers, severity, item9, created_by)
       VALUES ($1, $2, 'PHQ9', $3, $4, $5, $6::smallint[], $7, $8, (SELECT id FROM users ORDER BY created_at LIMIT 1))`,
      [
        c.clinicId,
        patientId,
        total,
        new Date(doseAt.getTime() + day * DAY),
        day <= 0 ? 'pre_session' : 'follow_up',
        answersFor(total),
        severityOf('PHQ9', total),
        answersFor(total)[8],
      ],
    );
  }
  if (c.item9Flag) {
    await sql.query(
      `INSERT INTO flags (clinic_id, patient_id, code, severity, status, raised_at, source)
       VALUES ($1, $2, 'PHQ9_ITEM9_POSITIVE', 'warning', 'open', $3, 'assessment')`,
      [c.clinicId, patientId, doseAt],
    );
  }
  return patientId;
}
