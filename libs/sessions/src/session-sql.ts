import { FLAG_JSON, READING_JSON } from '@kap/flags';

/** The session's own fields as JSON. */
export const SESSION_JSON = (s: string) => `json_build_object(
  'id', ${s}.id, 'clinicId', ${s}.clinic_id, 'patientId', ${s}.patient_id, 'intakeId', ${s}.intake_id,
  'sessionNumber', ${s}.session_number, 'status', ${s}.status, 'scheduledAt', ${s}.scheduled_at, 'route', ${s}.route,
  'plannedDoseMg', ${s}.planned_dose_mg::float8, 'weightKg', ${s}.weight_kg::float8, 'weightMeasuredAt', ${s}.weight_measured_at,
  'startedAt', ${s}.started_at, 'completedAt', ${s}.completed_at, 'dischargedAt', ${s}.discharged_at,
  'cancelledAt', ${s}.cancelled_at, 'cancelReason', ${s}.cancel_reason, 'abortedAt', ${s}.aborted_at, 'abortReason', ${s}.abort_reason,
  'holdOverride', CASE WHEN ${s}.hold_override_at IS NULL THEN NULL ELSE json_build_object(
     'reason', ${s}.hold_override_reason, 'overriddenAt', ${s}.hold_override_at, 'by', ${s}.hold_override_by) END,
  'escortPresent', ${s}.escort_present, 'cadssScore', ${s}.cadss_score,
  'createdBy', ${s}.created_by, 'createdAt', ${s}.created_at, 'updatedAt', ${s}.updated_at)`;

export const DOSE_JSON = (d: string) => `json_build_object(
  'id', ${d}.id, 'sessionId', ${d}.session_id, 'patientId', ${d}.patient_id, 'administeredAt', ${d}.administered_at,
  'doseMg', ${d}.dose_mg::float8, 'doseMgPerKg', ${d}.dose_mg_per_kg::float8, 'route', ${d}.route,
  'lotNumber', ${d}.lot_number, 'givenBy', ${d}.given_by, 'createdAt', ${d}.created_at)`;

export const ADVERSE_EVENT_JSON = (a: string) => `json_build_object(
  'id', ${a}.id, 'sessionId', ${a}.session_id, 'patientId', ${a}.patient_id, 'occurredAt', ${a}.occurred_at, 'kind', ${a}.kind,
  'severity', ${a}.severity, 'description', ${a}.description, 'actionTaken', ${a}.action_taken,
  'recordedBy', ${a}.recorded_by, 'createdAt', ${a}.created_at)`;

/** Unresolved blocking flags of a session that no override covers (raised after it, or none). */
export const HOLDING_FLAGS = (sessionId: string, overrideAt: string) => `SELECT f.id, f.code FROM flags f
  WHERE f.session_id = ${sessionId} AND f.blocks_dosing AND f.status <> 'resolved'
    AND (${overrideAt} IS NULL OR f.raised_at > ${overrideAt})`;

/** Readings not replaced by a correction. */
export const EFFECTIVE_READING = (r: string) =>
  `NOT EXISTS (SELECT 1 FROM vitals_readings c WHERE c.replaces_reading_id = ${r}.id)`;

/** Everything the bedside screen shows, as one statement (no N+1: each list is one correlated aggregate). */
export const SESSION_VIEW_SQL = `
  SELECT (${SESSION_JSON('s')}::jsonb || jsonb_build_object(
    'doses', coalesce((SELECT json_agg(${DOSE_JSON('d')} ORDER BY d.administered_at, d.created_at)
                         FROM doses d WHERE d.session_id = s.id), '[]'::json),
    'readings', coalesce((SELECT json_agg((${READING_JSON('vr')}::jsonb || jsonb_build_object(
                             'replacedBy', (SELECT c.id FROM vitals_readings c WHERE c.replaces_reading_id = vr.id)))
                             ORDER BY vr.taken_at, vr.created_at)
                         FROM vitals_readings vr WHERE vr.session_id = s.id), '[]'::json),
    'flags', coalesce((SELECT json_agg(${FLAG_JSON('f')} ORDER BY f.raised_at, f.id)
                         FROM flags f WHERE f.session_id = s.id), '[]'::json),
    'adverseEvents', coalesce((SELECT json_agg(${ADVERSE_EVENT_JSON('a')} ORDER BY a.occurred_at, a.created_at)
                         FROM adverse_events a WHERE a.session_id = s.id), '[]'::json),
    'discharge', CASE WHEN s.discharged_at IS NULL THEN NULL ELSE json_build_object(
                   'dischargedAt', s.discharged_at, 'escortPresent', s.escort_present, 'cadssScore', s.cadss_score,
                   'criteria', s.discharge_criteria) END,
    'held', EXISTS (${HOLDING_FLAGS('s.id', 's.hold_override_at')}))) AS session
  FROM dosing_sessions s WHERE s.clinic_id = $1 AND s.id = $2`;
