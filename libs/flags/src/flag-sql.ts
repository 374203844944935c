/** SQL fragments shared by the flag queries (one shape for the queue, a session and an action). */
export const SEVERITY_RANK = `CASE f.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END`;
export const STATUS_RANK = `CASE f.status WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END`;

/** A reading as JSON (the session view and the flag queue show the same shape). */
export const READING_JSON = (r: string) => `json_build_object(
  'id', ${r}.id, 'sessionId', ${r}.session_id, 'takenAt', ${r}.taken_at, 'phase', ${r}.phase,
  'systolic', ${r}.systolic, 'diastolic', ${r}.diastolic, 'heartRate', ${r}.heart_rate, 'spo2', ${r}.spo2,
  'respiratoryRate', ${r}.respiratory_rate, 'replacesReadingId', ${r}.replaces_reading_id,
  'recordedBy', ${r}.recorded_by, 'createdAt', ${r}.created_at)`;

/** A flag as JSON with the readings that raised or joined it, in time order. */
export const FLAG_JSON = (f: string) => `json_build_object(
  'id', ${f}.id, 'clinicId', ${f}.clinic_id, 'patientId', ${f}.patient_id, 'sessionId', ${f}.session_id,
  'code', ${f}.code, 'severity', ${f}.severity, 'blocksDosing', ${f}.blocks_dosing, 'status', ${f}.status,
  'source', ${f}.source, 'sourceId', ${f}.source_id, 'raisedAt', ${f}.raised_at, 'lastRaisedAt', ${f}.last_raised_at,
  'acknowledgedBy', ${f}.acknowledged_by, 'acknowledgedAt', ${f}.acknowledged_at, 'acknowledgedComment', ${f}.acknowledged_comment,
  'resolvedBy', ${f}.resolved_by, 'resolvedAt', ${f}.resolved_at, 'resolvedComment', ${f}.resolved_comment,
  'escalatedAt', ${f}.escalated_at,
  'readings', coalesce((SELECT json_agg(${READING_JSON('vr')} ORDER BY vr.taken_at, vr.created_at)
                          FROM flag_readings fr JOIN vitals_readings vr ON vr.id = fr.reading_id
                         WHERE fr.flag_id = ${f}.id), '[]'::json))`;
