import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { SignedIn } from '../lib/scenario';
import { AUDIT_INSERT, userLookup } from './common';

/** GET /flags?clinicId&status=open (limit 50) as the query log shows it: user, the page, the audit row. */
const SORT_KEY = `((CASE f.status WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END)::text || (CASE f.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END)::text || lpad((9999999999999 - floor(extract(epoch FROM f.raised_at) * 1000))::bigint::text, 13, '0')) COLLATE "C"`;

export const FLAG_QUEUE = `SELECT json_build_object( 'id', f.id, 'clinicId', f.clinic_id, 'patientId', f.patient_id, 'sessionId', f.session_id, 'code', f.code, 'severity', f.severity, 'blocksDosing', f.blocks_dosing, 'status', f.status, 'source', f.source, 'sourceId', f.source_id, 'raisedAt', f.raised_at, 'lastRaisedAt', f.last_raised_at, 'acknowledgedBy', f.acknowledged_by, 'acknowledgedAt', f.acknowledged_at, 'acknowledgedComment', f.acknowledged_comment, 'resolvedBy', f.resolved_by, 'resolvedAt', f.resolved_at, 'resolvedComment', f.resolved_comment, 'escalatedAt', f.escalated_at, 'readings', coalesce((SELECT json_agg(json_build_object( 'id', vr.id, 'sessionId', vr.session_id, 'takenAt', vr.taken_at, 'phase', vr.phase, 'systolic', vr.systolic, 'diastolic', vr.diastolic, 'heartRate', vr.heart_rate, 'spo2', vr.spo2, 'respiratoryRate', vr.respiratory_rate, 'replacesReadingId', vr.replaces_reading_id, 'recordedBy', vr.recorded_by, 'createdAt', vr.created_at) ORDER BY vr.taken_at, vr.created_at) FROM flag_readings fr JOIN vitals_readings vr ON vr.id = fr.reading_id WHERE fr.flag_id = f.id), '[]'::json)) AS flag, ${SORT_KEY} AS sort_key FROM flags f WHERE f.clinic_id = ANY($1::uuid[]) AND f.status = $2 ORDER BY ${SORT_KEY}, f.id LIMIT $3`;

export async function flagsReadRaw(pool: Pool, user: SignedIn, clinicId: string): Promise<void> {
  await userLookup(pool, user);
  const { rows } = await pool.query<{ flag: { patientId: string } }>(FLAG_QUEUE, [[clinicId], 'open', 51]);
  const items = rows.slice(0, 50).map((r) => r.flag);
  const patientIds = [...new Set(items.map((f) => f.patientId))];
  await pool.query(AUDIT_INSERT, [
    'flag.list',
    'success',
    user.id,
    user.role,
    'flag',
    null,
    null,
    clinicId,
    randomUUID(),
    '127.0.0.1',
    200,
    JSON.stringify(patientIds.length ? { count: items.length, patientIds } : { count: items.length }),
  ]);
}
