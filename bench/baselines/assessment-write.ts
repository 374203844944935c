import { item9Flag, scoreAssessment } from '@kap/clinical-rules';
import type { Pool } from 'pg';
import { transaction } from '../lib/load';
import type { SignedIn } from '../lib/scenario';
import { audit, claimIdempotencyKey, storeIdempotentAnswer, userLookup } from './common';
import { PATIENT_SCOPE } from './patient-read';

/*
 * POST /patients/:id/assessments as the query log shows it: user, scope, idempotency key, one
 * transaction (the scored assessment, the item-9 flag when raised, the stored row read back with its
 * flags), the audit row, the stored answer. Scoring is the same pure function (@kap/clinical-rules).
 */

export interface AssessmentBody {
  instrument: 'PHQ9' | 'GAD7';
  answers: number[];
  administeredAt: string;
  context: 'follow_up';
}

export const INSERT_ASSESSMENT = `INSERT INTO assessments (clinic_id, patient_id, instrument, answers, total_score, severity, item9, administered_at, context, session_id, intake_id, created_by) VALUES ($1, $2, $3, $4::smallint[], $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`;
export const INSERT_PATIENT_FLAG = `INSERT INTO flags (clinic_id, patient_id, session_id, code, severity, blocks_dosing, source, source_id, raised_at, last_raised_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, clock_timestamp(), clock_timestamp()) RETURNING id, code, severity, blocks_dosing, status, (xmax = 0) AS inserted`;
export const READ_ASSESSMENT = `SELECT a.id, a.patient_id AS "patientId", a.clinic_id AS "clinicId", a.instrument, a.answers::int[] AS answers, a.total_score AS "totalScore", a.severity, a.item9::int AS item9, to_char(a.administered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "administeredAt", a.context, a.session_id AS "sessionId", a.intake_id AS "intakeId", a.created_by AS "createdBy", to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(a.administered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key, coalesce((SELECT jsonb_agg(jsonb_build_object('id', f.id, 'code', f.code, 'severity', f.severity, 'blocksDosing', f.blocks_dosing, 'status', f.status) ORDER BY f.raised_at, f.id) FROM flags f WHERE f.source = 'assessment' AND f.source_id = a.id), '[]'::jsonb) AS flags FROM assessments a WHERE a.clinic_id = $1 AND a.id = $2`;

export async function assessmentWriteRaw(
  pool: Pool,
  user: SignedIn,
  patientId: string,
  body: AssessmentBody,
  idempotencyKey: string,
): Promise<void> {
  await userLookup(pool, user);
  const clinicId = (await pool.query<{ clinic_id: string }>(PATIENT_SCOPE, [patientId])).rows[0].clinic_id;
  const path = `/api/v1/patients/${patientId}/assessments`;
  await claimIdempotencyKey(pool, user, idempotencyKey, path, body);
  const answer = await transaction(pool, async (c) => {
    const score = scoreAssessment(body.instrument, body.answers);
    const { id } = (
      await c.query<{ id: string }>(INSERT_ASSESSMENT, [
        clinicId,
        patientId,
        body.instrument,
        body.answers,
        score.totalScore,
        score.severity,
        score.item9,
        new Date(body.administeredAt),
        body.context,
        null,
        null,
        user.id,
      ])
    ).rows[0];
    const flag = item9Flag(score.item9);
    if (flag) {
      await c.query(INSERT_PATIENT_FLAG, [
        clinicId,
        patientId,
        null,
        flag.code,
        flag.severity,
        flag.blocksDosing,
        'assessment',
        id,
      ]);
    }
    return (await c.query(READ_ASSESSMENT, [clinicId, id])).rows[0];
  });
  await audit(pool, user, {
    action: 'assessment.create',
    resourceType: 'assessment',
    resourceId: answer.id,
    patientId,
    clinicId,
    status: 201,
  });
  await storeIdempotentAnswer(pool, user, idempotencyKey, answer);
}
