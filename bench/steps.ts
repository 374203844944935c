import { BASE_STEPS, Step } from './lib/generate';

/*
 * The clinical history of every generated patient, in SQL. Per patient: an intake ten days before the
 * first session; 4 to 8 dosing sessions every 4 days (past ones completed, a few cancelled or aborted,
 * one under way when it began in the last 3 hours, future ones scheduled), a dose and 8 vitals readings per dosed session (5 % of sessions with a
 * blood-pressure spike that raised a flag); PHQ-9 at intake, before the first dose and at weeks 1, 2,
 * 4, 8, 12 and 26, GAD-7 at intake and weeks 4, 12 and 26 (only those already due), following one of
 * three trajectories (responder, remitter, non-responder); a note per dosed session; reminders.
 */

/** The PHQ-9 total of patient `p` at `w` weeks after the first dose (0 = baseline). */
const PHQ9_AT = (w: string) => `least(27, greatest(0, round(
    p.baseline * (1 - (CASE WHEN p.trajectory < 35 THEN 0.55 + p.trajectory / 350.0
                            WHEN p.trajectory < 55 THEN 0.82 + (p.trajectory - 35) / 200.0
                            ELSE (p.trajectory - 55) / 130.0 END) * (1 - exp(-(${w}) / 2.5)))
    + ((abs(hashint4(p.i * 31 + (${w})::int)) % 5) - 2) * (CASE WHEN (${w}) = 0 THEN 0 ELSE 1 END)))::int)`;

export const CLINICAL_STEPS: Step[] = [
  {
    name: 'staff',
    tables: ['users'],
    sql: () => `
      CREATE TEMP TABLE b_staff AS
      SELECT DISTINCT ON (m.clinic_id) m.clinic_id, u.id AS user_id
        FROM clinic_memberships m JOIN users u ON u.id = m.user_id WHERE u.role = 'clinician'
       ORDER BY m.clinic_id, u.email;
      ALTER TABLE b_patient ADD COLUMN intake_id uuid, ADD COLUMN weight numeric(5,1), ADD COLUMN route text,
                            ADD COLUMN sessions int, ADD COLUMN staff uuid;
      UPDATE b_patient p SET intake_id = gen_random_uuid(), weight = 50 + (abs(hashint4(p.i)) % 700) / 10.0,
             route = (ARRAY['IM','IV','SUBLINGUAL','IM','INTRANASAL','IV'])[1 + p.i % 6],
             sessions = 4 + abs(hashint4(p.i * 7)) % 5, staff = s.user_id
        FROM b_staff s WHERE s.clinic_id = p.clinic_id;`,
  },
  {
    name: 'intakes',
    tables: ['intakes'],
    sql: () => `
      INSERT INTO intakes (id, clinic_id, patient_id, performed_at, conditions, medications, systolic, diastolic,
                           heart_rate, spo2, weight_kg, cssrs, cssrs_risk, eligibility, reasons, review_decision,
                           reviewed_by, reviewed_at, review_comment, created_by, created_at)
      SELECT p.intake_id, p.clinic_id, p.id, p.start_at - interval '10 days', '{}', '[]',
             118 + p.i % 20, 74 + p.i % 10, 64 + p.i % 20, 97 + p.i % 3, p.weight,
             jsonb_build_object('wishDead', p.item9, 'suicidalThoughts', false, 'behavior', 'none'),
             CASE WHEN p.item9 THEN 'low' ELSE 'none' END,
             CASE WHEN p.i % 20 = 7 THEN 'needs_review' ELSE 'eligible' END,
             CASE WHEN p.i % 20 = 7 THEN '[{"code":"MED_BENZODIAZEPINE","kind":"relative"}]'::jsonb ELSE '[]' END,
             CASE WHEN p.i % 20 = 7 THEN 'approved' END,
             CASE WHEN p.i % 20 = 7 THEN p.staff END,
             CASE WHEN p.i % 20 = 7 THEN p.start_at - interval '9 days' END,
             CASE WHEN p.i % 20 = 7 THEN 'Reviewed; dose benzodiazepine away from sessions' END,
             p.staff, p.start_at - interval '10 days'
        FROM b_patient p;`,
  },
  {
    name: 'dosing_sessions',
    tables: ['dosing_sessions'],
    sql: () => `
      CREATE TEMP TABLE b_session AS
      SELECT gen_random_uuid() AS id, p.i, p.id AS patient_id, p.clinic_id, p.intake_id, p.staff, p.route, p.weight, k,
             p.start_at + make_interval(days => 4 * (k - 1)) AS scheduled_at,
             CASE WHEN p.start_at + make_interval(days => 4 * (k - 1)) > now() THEN 'scheduled'
                  WHEN p.start_at + make_interval(days => 4 * (k - 1)) > now() - interval '3 hours' THEN 'in_progress'
                  WHEN abs(hashint4(p.i * 13 + k)) % 100 < 3 THEN 'cancelled'
                  WHEN abs(hashint4(p.i * 13 + k)) % 100 < 5 THEN 'aborted'
                  ELSE 'completed' END AS status,
             abs(hashint4(p.i * 17 + k)) % 100 < 5 AS spike
        FROM b_patient p CROSS JOIN LATERAL generate_series(1, p.sessions) k;
      INSERT INTO dosing_sessions (id, clinic_id, patient_id, intake_id, session_number, status, scheduled_at, route,
                                   planned_dose_mg, weight_kg, weight_measured_at, started_at, completed_at,
                                   discharged_at, cancelled_at, cancel_reason, aborted_at, abort_reason, escort_present,
                                   cadss_score, discharge_criteria, created_by, created_at, updated_at)
      SELECT s.id, s.clinic_id, s.patient_id, s.intake_id, s.k, s.status, s.scheduled_at, s.route,
             round(s.weight * 0.5, 2), s.weight, s.scheduled_at - interval '30 minutes',
             CASE WHEN s.status IN ('completed', 'aborted', 'in_progress') THEN s.scheduled_at END,
             CASE WHEN s.status = 'completed' THEN s.scheduled_at + interval '2 hours' END,
             CASE WHEN s.status = 'completed' THEN s.scheduled_at + interval '2 hours' END,
             CASE WHEN s.status = 'cancelled' THEN s.scheduled_at - interval '1 day' END,
             CASE WHEN s.status = 'cancelled' THEN 'Patient unwell' END,
             CASE WHEN s.status = 'aborted' THEN s.scheduled_at + interval '40 minutes' END,
             CASE WHEN s.status = 'aborted' THEN 'Nausea and vomiting' END,
             CASE WHEN s.status = 'completed' THEN true END,
             CASE WHEN s.status = 'completed' THEN 10 + abs(hashint4(s.i + s.k)) % 30 END,
             CASE WHEN s.status = 'completed' THEN '{"met":true}'::jsonb END,
             s.staff, s.scheduled_at - interval '7 days', s.scheduled_at + interval '2 hours'
        FROM b_session s;`,
  },
  {
    name: 'doses',
    tables: ['doses'],
    sql: () => `
      INSERT INTO doses (session_id, clinic_id, patient_id, administered_at, dose_mg, dose_mg_per_kg, route,
                         lot_number, given_by, created_at)
      SELECT s.id, s.clinic_id, s.patient_id, s.scheduled_at + interval '20 minutes', round(s.weight * 0.5, 2), 0.5,
             s.route, 'LOT-' || (2600 + s.i % 40), s.staff, s.scheduled_at + interval '20 minutes'
        FROM b_session s
       WHERE s.status IN ('completed', 'aborted')
          OR (s.status = 'in_progress' AND s.scheduled_at + interval '20 minutes' <= now());`,
  },
  {
    name: 'vitals_readings',
    tables: ['vitals_readings'],
    // pre_dose, 4 × intra, 2 × post_dose, discharge; intra readings rise and fall back; a spike session
    // reaches 186/112 at its second intra reading.
    sql: () => `
      INSERT INTO vitals_readings (session_id, clinic_id, patient_id, taken_at, phase, systolic, diastolic,
                                   heart_rate, spo2, respiratory_rate, recorded_by, created_at)
      SELECT s.id, s.clinic_id, s.patient_id, s.scheduled_at + make_interval(mins => r.minute), r.phase,
             CASE WHEN s.spike AND r.n = 3 THEN 186 ELSE 118 + s.i % 20 + r.rise END,
             CASE WHEN s.spike AND r.n = 3 THEN 112 ELSE 74 + s.i % 10 + r.rise / 2 END,
             66 + s.i % 20 + r.rise / 3, 96 + (s.i + r.n) % 4, 14 + r.n % 3, s.staff,
             s.scheduled_at + make_interval(mins => r.minute)
        FROM b_session s
        CROSS JOIN (VALUES (1, 'pre_dose', 10, 0), (2, 'intra', 30, 14), (3, 'intra', 40, 18), (4, 'intra', 50, 12),
                           (5, 'intra', 60, 8), (6, 'post_dose', 80, 4), (7, 'post_dose', 100, 2),
                           (8, 'discharge', 115, 0)) r(n, phase, minute, rise)
       WHERE s.status = 'completed' OR (s.status = 'aborted' AND r.n <= 3)
          OR (s.status = 'in_progress' AND s.scheduled_at + make_interval(mins => r.minute) <= now());`,
  },
  {
    name: 'flags',
    tables: ['flags', 'flag_readings'],
    // The spike's BP_CRITICAL (and its rise), resolved by the supervisor unless the session is in the last
    // two days; a PHQ-9 item-9 flag for the patients who answered it at intake.
    sql: () => `
      CREATE TEMP TABLE b_flag AS
      SELECT gen_random_uuid() AS id, vr.id AS reading_id, vr.clinic_id, vr.patient_id, vr.session_id, c.code,
             c.severity, vr.taken_at
        FROM b_session s JOIN vitals_readings vr ON vr.session_id = s.id AND vr.systolic = 186
        CROSS JOIN (VALUES ('BP_CRITICAL', 'critical'), ('BP_RISE', 'warning')) c(code, severity)
       WHERE s.spike;
      INSERT INTO flags (id, clinic_id, patient_id, session_id, code, severity, blocks_dosing, status, source, source_id,
                         raised_at, last_raised_at, acknowledged_by, acknowledged_at, resolved_by, resolved_at,
                         resolved_comment)
      SELECT f.id, f.clinic_id, f.patient_id, f.session_id, f.code, f.severity, false,
             CASE WHEN f.taken_at > now() - interval '2 days' THEN 'open' ELSE 'resolved' END, 'vitals', f.reading_id,
             f.taken_at, f.taken_at,
             CASE WHEN f.taken_at <= now() - interval '2 days' THEN sv.user_id END,
             CASE WHEN f.taken_at <= now() - interval '2 days' THEN f.taken_at + interval '5 minutes' END,
             CASE WHEN f.taken_at <= now() - interval '2 days' THEN sv.user_id END,
             CASE WHEN f.taken_at <= now() - interval '2 days' THEN f.taken_at + interval '1 hour' END,
             CASE WHEN f.taken_at <= now() - interval '2 days' THEN 'Settled by the discharge reading' END
        FROM b_flag f
        JOIN LATERAL (SELECT m.user_id FROM clinic_memberships m JOIN users u ON u.id = m.user_id
                       WHERE m.clinic_id = f.clinic_id AND u.role = 'supervisor' LIMIT 1) sv ON true;
      INSERT INTO flag_readings (flag_id, reading_id) SELECT id, reading_id FROM b_flag;
      INSERT INTO flags (clinic_id, patient_id, code, severity, status, source, raised_at, last_raised_at)
      SELECT p.clinic_id, p.id, 'PHQ9_ITEM9_POSITIVE', 'warning', 'open', 'assessment',
             p.start_at - interval '10 days', p.start_at - interval '10 days'
        FROM b_patient p WHERE p.item9;`,
  },
  {
    name: 'assessments',
    tables: ['assessments'],
    sql: () => `
      CREATE TEMP TABLE b_assessment AS
      SELECT p.i, p.id AS patient_id, p.clinic_id, p.staff, p.intake_id, a.instrument, a.context, a.week,
             CASE WHEN a.week < 0 THEN p.start_at - interval '10 days'
                  WHEN a.week = 0 THEN p.start_at - interval '1 hour'
                  ELSE p.start_at + make_interval(days => a.week * 7, hours => 1) END AS administered_at,
             CASE WHEN a.instrument = 'PHQ9' THEN ${PHQ9_AT('greatest(a.week, 0)')}
                  ELSE least(21, greatest(0, (${PHQ9_AT('greatest(a.week, 0)')} * 3) / 4)) END AS total,
             CASE WHEN a.instrument = 'PHQ9' AND p.item9 AND a.week <= 0 THEN 1
                  WHEN a.instrument = 'PHQ9' THEN 0 END AS item9
        FROM b_patient p
        CROSS JOIN (VALUES ('PHQ9', 'intake', -1), ('PHQ9', 'pre_session', 0), ('PHQ9', 'follow_up', 1),
                           ('PHQ9', 'follow_up', 2), ('PHQ9', 'follow_up', 4), ('PHQ9', 'follow_up', 8),
                           ('PHQ9', 'follow_up', 12), ('PHQ9', 'follow_up', 26), ('GAD7', 'intake', -1),
                           ('GAD7', 'follow_up', 4), ('GAD7', 'follow_up', 12), ('GAD7', 'follow_up', 26))
                    a(instrument, context, week)
       WHERE a.week < 1 OR p.start_at + make_interval(days => a.week * 7, hours => 1) <= now();
      -- Items 1-8 (PHQ-9) or 1-7 (GAD-7) share the total evenly: floor((t + k) / n) over k sums to t.
      INSERT INTO assessments (clinic_id, patient_id, instrument, answers, total_score, severity, item9,
                               administered_at, context, intake_id, created_by, created_at)
      SELECT a.clinic_id, a.patient_id, a.instrument,
             CASE WHEN a.instrument = 'PHQ9'
                  THEN ARRAY[(t.r + 0) / 8, (t.r + 1) / 8, (t.r + 2) / 8, (t.r + 3) / 8, (t.r + 4) / 8,
                             (t.r + 5) / 8, (t.r + 6) / 8, (t.r + 7) / 8, a.item9]::smallint[]
                  ELSE ARRAY[(t.r + 0) / 7, (t.r + 1) / 7, (t.r + 2) / 7, (t.r + 3) / 7, (t.r + 4) / 7,
                             (t.r + 5) / 7, (t.r + 6) / 7]::smallint[] END,
             t.total,
             CASE WHEN a.instrument = 'PHQ9' THEN
                    CASE WHEN t.total <= 4 THEN 'minimal' WHEN t.total <= 9 THEN 'mild' WHEN t.total <= 14 THEN 'moderate'
                         WHEN t.total <= 19 THEN 'moderately_severe' ELSE 'severe' END
                  ELSE CASE WHEN t.total <= 4 THEN 'minimal' WHEN t.total <= 9 THEN 'mild'
                            WHEN t.total <= 14 THEN 'moderate' ELSE 'severe' END END,
             a.item9, a.administered_at, a.context, CASE WHEN a.context = 'intake' THEN a.intake_id END,
             a.staff, a.administered_at
        FROM b_assessment a
        CROSS JOIN LATERAL (SELECT least(a.total, CASE WHEN a.instrument = 'PHQ9' THEN 24 + a.item9 ELSE 21 END) AS total) c
        CROSS JOIN LATERAL (SELECT c.total, c.total - coalesce(a.item9, 0) AS r) t;`,
  },
  {
    name: 'notes',
    tables: ['notes'],
    sql: () => `
      INSERT INTO notes (clinic_id, patient_id, session_id, author_id, format, content, status, signed_at, signed_by,
                         content_hash, created_at, updated_at)
      SELECT s.clinic_id, s.patient_id, s.id, s.staff, 'SOAP', c.content,
             CASE WHEN s.scheduled_at < now() - interval '3 days' THEN 'signed' ELSE 'draft' END,
             CASE WHEN s.scheduled_at < now() - interval '3 days' THEN s.scheduled_at + interval '1 day' END,
             CASE WHEN s.scheduled_at < now() - interval '3 days' THEN s.staff END,
             CASE WHEN s.scheduled_at < now() - interval '3 days' THEN c.hash END,
             s.scheduled_at + interval '1 day', s.scheduled_at + interval '1 day'
        FROM b_session s
        -- Eight texts (one per session number), built and hashed once each.
        JOIN (SELECT k, content, encode(sha256(convert_to(content::text, 'UTF8')), 'hex') AS hash
                FROM generate_series(1, 8) k
                CROSS JOIN LATERAL (SELECT jsonb_build_object(
                  'subjective', 'Integration session ' || k || ': reports calmer mornings and fewer intrusive thoughts.',
                  'objective', 'Alert, oriented, affect brighter than at intake.',
                  'assessment', 'Engaging with integration work; no safety concerns raised today.',
                  'plan', 'Continue the dosing series; journalling between sessions.') AS content) t) c ON c.k = s.k
       WHERE s.status = 'completed';`,
  },
  {
    name: 'reminders',
    tables: ['reminders'],
    // PHQ-9 due at weeks 1, 4, 12, 26 after the first dose, and 24 h before each session. Sent when past
    // (skipped without consent), scheduled when still ahead; their jobs were relayed long ago.
    sql: () => `
      INSERT INTO reminders (clinic_id, patient_id, session_id, kind, dedupe_key, channel, due_at, event_at, status,
                             status_reason, sent_at, created_at, updated_at)
      SELECT r.clinic_id, r.patient_id, r.session_id, r.kind, r.dedupe_key, 'log', r.due_at, r.event_at,
             CASE WHEN NOT r.consent THEN 'skipped' WHEN r.cancelled THEN 'cancelled'
                  WHEN r.due_at <= now() THEN 'sent' ELSE 'scheduled' END,
             CASE WHEN NOT r.consent THEN 'NO_CONSENT' WHEN r.cancelled THEN 'SESSION_CANCELLED' END,
             CASE WHEN r.consent AND NOT r.cancelled AND r.due_at <= now() THEN r.due_at END,
             r.created_at, r.created_at
        FROM (SELECT p.clinic_id, p.id AS patient_id, NULL::uuid AS session_id, 'assessment_due' AS kind,
                     'assessment_due.' || p.id || '.w' || w AS dedupe_key, p.start_at + make_interval(days => w * 7) AS due_at,
                     NULL::timestamptz AS event_at, p.i % 5 <> 0 AS consent, false AS cancelled, p.start_at AS created_at
                FROM b_patient p CROSS JOIN (VALUES (1), (4), (12), (26)) v(w)
              UNION ALL
              SELECT s.clinic_id, s.patient_id, s.id, 'session_upcoming_24h', 'session_upcoming_24h.' || s.id,
                     s.scheduled_at - interval '24 hours', s.scheduled_at, s.i % 5 <> 0, s.status = 'cancelled',
                     s.scheduled_at - interval '7 days'
                FROM b_session s) r;`,
  },
];

/** Every generation step, in order (base network first, then the clinical history). */
export const STEPS: Step[] = [...BASE_STEPS, ...CLINICAL_STEPS];
