import { effectiveClinicSettings, evaluateVitalsFlags, VitalsPhase } from '@kap/clinical-rules';
import type { Pool, PoolClient } from 'pg';
import { transaction } from '../lib/load';
import type { SignedIn } from '../lib/scenario';
import { audit, claimIdempotencyKey, storeIdempotentAnswer, userLookup } from './common';

/*
 * POST /sessions/:id/vitals as the query log shows it (`npm run bench -- --probe`): user, scope,
 * idempotency key, the clinic's settings, then one transaction (lock the session, the pre-dose baseline,
 * the reading, a flag raised or joined per rule that matched, an escalation job for a new critical
 * flag), the audit row, the stored answer for the key. The rules themselves are the same pure
 * functions the API calls (@kap/clinical-rules): they decide which flag statements run.
 */

export interface VitalsBody {
  takenAt: string;
  phase: VitalsPhase;
  systolic: number;
  diastolic: number;
  heartRate: number;
  spo2: number;
  respiratoryRate: number;
}

export const SESSION_SCOPE = `SELECT clinic_id, patient_id FROM dosing_sessions WHERE id = $1`;
export const CLINIC_BY_ID = `SELECT "ClinicEntity"."id" AS "ClinicEntity_id", "ClinicEntity"."name" AS "ClinicEntity_name", "ClinicEntity"."time_zone" AS "ClinicEntity_time_zone", "ClinicEntity"."settings" AS "ClinicEntity_settings", "ClinicEntity"."created_at" AS "ClinicEntity_created_at", "ClinicEntity"."updated_at" AS "ClinicEntity_updated_at" FROM "clinics" "ClinicEntity" WHERE (("ClinicEntity"."id" = $1)) LIMIT 1`;
export const LOCK_SESSION = `SELECT s.id, s.clinic_id, s.patient_id, s.status, s.route, s.weight_kg, s.scheduled_at, s.started_at, s.hold_override_at, i.performed_at AS intake_performed_at FROM dosing_sessions s LEFT JOIN intakes i ON i.id = s.intake_id WHERE s.clinic_id = $1 AND s.id = $2 FOR UPDATE OF s`;
export const VITALS_CONTEXT = `SELECT (SELECT json_build_object('systolic', r.systolic, 'diastolic', r.diastolic) FROM vitals_readings r WHERE r.session_id = $1 AND r.phase = 'pre_dose' AND NOT EXISTS (SELECT 1 FROM vitals_readings c WHERE c.replaces_reading_id = r.id) AND r.taken_at <= coalesce((SELECT min(administered_at) FROM doses WHERE session_id = $1), 'infinity') ORDER BY r.taken_at DESC, r.created_at DESC LIMIT 1) AS predose, EXISTS (SELECT 1 FROM doses WHERE session_id = $1 AND administered_at <= $2) AS after_first_dose`;
export const INSERT_READING = `INSERT INTO vitals_readings (session_id, clinic_id, patient_id, taken_at, phase, systolic, diastolic, heart_rate, spo2, respiratory_rate, replaces_reading_id, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING json_build_object( 'id', vitals_readings.id, 'sessionId', vitals_readings.session_id, 'takenAt', vitals_readings.taken_at, 'phase', vitals_readings.phase, 'systolic', vitals_readings.systolic, 'diastolic', vitals_readings.diastolic, 'heartRate', vitals_readings.heart_rate, 'spo2', vitals_readings.spo2, 'respiratoryRate', vitals_readings.respiratory_rate, 'replacesReadingId', vitals_readings.replaces_reading_id, 'recordedBy', vitals_readings.recorded_by, 'createdAt', vitals_readings.created_at) AS reading`;
export const RAISE_FLAG = `WITH prev AS (SELECT severity FROM flags WHERE session_id = $3 AND code = $4 AND status <> 'resolved') INSERT INTO flags (clinic_id, patient_id, session_id, code, severity, blocks_dosing, source, source_id, raised_at, last_raised_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, clock_timestamp(), clock_timestamp()) ON CONFLICT (session_id, code) WHERE status <> 'resolved' AND session_id IS NOT NULL DO UPDATE SET last_raised_at = clock_timestamp(), severity = CASE WHEN (CASE EXCLUDED.severity WHEN 'critical' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END) > (CASE flags.severity WHEN 'critical' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END) THEN EXCLUDED.severity ELSE flags.severity END, blocks_dosing = flags.blocks_dosing OR EXCLUDED.blocks_dosing RETURNING id, code, severity, blocks_dosing, status, (xmax = 0) AS inserted, (SELECT severity FROM prev) AS previous_severity`;
export const FLAG_READING = `INSERT INTO flag_readings (flag_id, reading_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`;
export const OUTBOX_INSERT = `INSERT INTO outbox (queue, job_name, job_id, payload, available_at) VALUES ($1, $2, $3, $4, $5)`;

interface FlagRow {
  id: string;
  code: string;
  severity: string;
  blocks_dosing: boolean;
  status: string;
  inserted: boolean;
  previous_severity: string | null;
}

async function settings(db: Pool | PoolClient, clinicId: string) {
  const { rows } = await db.query(CLINIC_BY_ID, [clinicId]);
  return effectiveClinicSettings(rows[0].ClinicEntity_settings);
}

export async function vitalsWriteRaw(
  pool: Pool,
  user: SignedIn,
  sessionId: string,
  body: VitalsBody,
  idempotencyKey: string,
): Promise<void> {
  await userLookup(pool, user);
  const scope = (await pool.query<{ clinic_id: string; patient_id: string }>(SESSION_SCOPE, [sessionId]))
    .rows[0];
  const path = `/api/v1/sessions/${sessionId}/vitals`;
  await claimIdempotencyKey(pool, user, idempotencyKey, path, body);
  const clinicSettings = await settings(pool, scope.clinic_id);
  const takenAt = new Date(body.takenAt);
  const answer = await transaction(pool, async (c) => {
    const s = (await c.query<{ patient_id: string }>(LOCK_SESSION, [scope.clinic_id, sessionId])).rows[0];
    const context = (
      await c.query<{ predose: { systolic: number; diastolic: number } | null; after_first_dose: boolean }>(
        VITALS_CONTEXT,
        [sessionId, takenAt],
      )
    ).rows[0];
    const reading = (
      await c.query<{ reading: { id: string } }>(INSERT_READING, [
        sessionId,
        scope.clinic_id,
        s.patient_id,
        takenAt,
        body.phase,
        body.systolic,
        body.diastolic,
        body.heartRate,
        body.spo2,
        body.respiratoryRate,
        null,
        user.id,
      ])
    ).rows[0].reading;
    const matched = evaluateVitalsFlags(
      body,
      { phase: body.phase, predose: context.predose, afterFirstDose: context.after_first_dose },
      clinicSettings,
    );
    const flags = [];
    for (const f of matched) {
      const row = (
        await c.query<FlagRow>(RAISE_FLAG, [
          scope.clinic_id,
          s.patient_id,
          sessionId,
          f.code,
          f.severity,
          f.blocksDosing,
          'vitals',
          reading.id,
        ])
      ).rows[0];
      await c.query(FLAG_READING, [row.id, reading.id]);
      const rank = (v: string | null) => (v === 'critical' ? 2 : v === 'warning' ? 1 : 0);
      if (
        row.severity === 'critical' &&
        (row.inserted || (row.previous_severity && rank(row.previous_severity) < 2))
      ) {
        const { escalationDelaySeconds } = await settings(c, scope.clinic_id);
        await c.query(OUTBOX_INSERT, [
          'escalations',
          'FlagEscalate',
          `FlagEscalate-${row.id}`,
          JSON.stringify({ flagId: row.id }),
          new Date(Date.now() + escalationDelaySeconds * 1000),
        ]);
      }
      flags.push({
        id: row.id,
        code: row.code,
        severity: row.severity,
        blocksDosing: row.blocks_dosing,
        status: row.status,
        joined: !row.inserted,
      });
    }
    return { reading, flags };
  });
  await audit(pool, user, {
    action: 'vitals.create',
    resourceType: 'session',
    resourceId: sessionId,
    patientId: scope.patient_id,
    clinicId: scope.clinic_id,
    status: 201,
  });
  await storeIdempotentAnswer(pool, user, idempotencyKey, answer);
}
