import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The clinical core: intake screenings, scored assessments, dosing sessions with their doses, vitals
 * readings and adverse events, and the flags the rules raise. Readings are append-only (a correction is
 * a new reading naming the one it replaces); one unresolved flag per session and code.
 */
export class ClinicalCore1764270200000 implements MigrationInterface {
  name = 'ClinicalCore1764270200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION clinical_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;

      CREATE TABLE intakes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        performed_at timestamptz NOT NULL,
        conditions text[] NOT NULL DEFAULT '{}',
        medications jsonb NOT NULL DEFAULT '[]'::jsonb,
        systolic smallint NOT NULL,
        diastolic smallint NOT NULL,
        heart_rate smallint NOT NULL,
        spo2 smallint,
        weight_kg numeric(5, 1) NOT NULL CHECK (weight_kg > 0),
        cssrs jsonb NOT NULL,
        cssrs_risk text NOT NULL CHECK (cssrs_risk IN ('none', 'low', 'moderate', 'high')),
        eligibility text NOT NULL CHECK (eligibility IN ('eligible', 'needs_review', 'ineligible')),
        reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
        review_decision text CHECK (review_decision IN ('approved', 'declined')),
        reviewed_by uuid REFERENCES users (id),
        reviewed_at timestamptz,
        review_comment text,
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT intakes_review_whole CHECK ((review_decision IS NULL) = (reviewed_at IS NULL)),
        CONSTRAINT intakes_review_only_needs_review CHECK (review_decision IS NULL OR eligibility = 'needs_review')
      );
      CREATE INDEX intakes_patient_idx ON intakes (patient_id, performed_at DESC, created_at DESC);
      CREATE INDEX intakes_review_queue_idx ON intakes (clinic_id, performed_at)
        WHERE eligibility = 'needs_review' AND review_decision IS NULL;

      CREATE TABLE assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        instrument text NOT NULL CHECK (instrument IN ('PHQ9', 'GAD7')),
        answers smallint[] NOT NULL,
        total_score int NOT NULL,
        severity text NOT NULL,
        item9 smallint,
        administered_at timestamptz NOT NULL,
        context text NOT NULL CHECK (context IN ('intake', 'pre_session', 'follow_up')),
        session_id uuid,
        intake_id uuid REFERENCES intakes (id),
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT assessments_answers_count CHECK (
          cardinality(answers) = CASE instrument WHEN 'PHQ9' THEN 9 ELSE 7 END
          AND 0 <= ALL (answers) AND 3 >= ALL (answers)),
        CONSTRAINT assessments_item9 CHECK ((instrument = 'PHQ9') = (item9 IS NOT NULL))
      );
      CREATE INDEX assessments_patient_idx ON assessments (patient_id, instrument, administered_at);

      CREATE TABLE dosing_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        intake_id uuid REFERENCES intakes (id),
        session_number int NOT NULL,
        status text NOT NULL DEFAULT 'scheduled'
          CHECK (status IN ('scheduled', 'in_progress', 'completed', 'cancelled', 'aborted')),
        scheduled_at timestamptz NOT NULL,
        route text NOT NULL CHECK (route IN ('IV', 'IM', 'SUBLINGUAL', 'ORAL', 'INTRANASAL')),
        planned_dose_mg numeric(7, 2) NOT NULL CHECK (planned_dose_mg > 0),
        weight_kg numeric(5, 1) NOT NULL CHECK (weight_kg > 0),
        weight_measured_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        completed_at timestamptz,
        discharged_at timestamptz,
        cancelled_at timestamptz,
        cancel_reason text,
        aborted_at timestamptz,
        abort_reason text,
        hold_override_by uuid REFERENCES users (id),
        hold_override_at timestamptz,
        hold_override_reason text,
        escort_present boolean,
        cadss_score smallint CHECK (cadss_score BETWEEN 0 AND 92),
        discharge_criteria jsonb,
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT dosing_sessions_abort_reason CHECK (status <> 'aborted' OR abort_reason IS NOT NULL),
        CONSTRAINT dosing_sessions_override_whole CHECK ((hold_override_at IS NULL) = (hold_override_reason IS NULL))
      );
      CREATE UNIQUE INDEX dosing_sessions_number_key ON dosing_sessions (patient_id, session_number);
      CREATE INDEX dosing_sessions_clinic_idx ON dosing_sessions (clinic_id, scheduled_at);
      CREATE INDEX dosing_sessions_patient_idx ON dosing_sessions (patient_id, scheduled_at);

      ALTER TABLE assessments ADD CONSTRAINT assessments_session_fk FOREIGN KEY (session_id) REFERENCES dosing_sessions (id);

      CREATE TABLE doses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES dosing_sessions (id),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        administered_at timestamptz NOT NULL,
        dose_mg numeric(7, 2) NOT NULL CHECK (dose_mg > 0),
        dose_mg_per_kg numeric(8, 4) NOT NULL,
        route text NOT NULL CHECK (route IN ('IV', 'IM', 'SUBLINGUAL', 'ORAL', 'INTRANASAL')),
        lot_number text,
        given_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX doses_session_idx ON doses (session_id, administered_at);
      CREATE INDEX doses_patient_idx ON doses (patient_id, administered_at);
      CREATE TRIGGER doses_append_only BEFORE UPDATE OR DELETE ON doses
        FOR EACH ROW EXECUTE FUNCTION clinical_append_only();

      CREATE TABLE vitals_readings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES dosing_sessions (id),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        taken_at timestamptz NOT NULL,
        phase text NOT NULL CHECK (phase IN ('pre_dose', 'intra', 'post_dose', 'discharge')),
        systolic smallint NOT NULL CHECK (systolic BETWEEN 40 AND 300),
        diastolic smallint NOT NULL CHECK (diastolic BETWEEN 20 AND 200 AND diastolic < systolic),
        heart_rate smallint NOT NULL CHECK (heart_rate BETWEEN 20 AND 250),
        spo2 smallint CHECK (spo2 BETWEEN 50 AND 100),
        respiratory_rate smallint CHECK (respiratory_rate BETWEEN 4 AND 60),
        replaces_reading_id uuid REFERENCES vitals_readings (id),
        recorded_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX vitals_readings_session_idx ON vitals_readings (session_id, taken_at);
      -- A reading is corrected once; a second correction corrects the correction.
      CREATE UNIQUE INDEX vitals_readings_replaces_key ON vitals_readings (replaces_reading_id)
        WHERE replaces_reading_id IS NOT NULL;
      CREATE TRIGGER vitals_readings_append_only BEFORE UPDATE OR DELETE ON vitals_readings
        FOR EACH ROW EXECUTE FUNCTION clinical_append_only();

      CREATE TABLE adverse_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES dosing_sessions (id),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        occurred_at timestamptz NOT NULL,
        kind text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe')),
        description text,
        action_taken text,
        recorded_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX adverse_events_session_idx ON adverse_events (session_id, occurred_at);

      CREATE TABLE flags (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        session_id uuid REFERENCES dosing_sessions (id),
        code text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        blocks_dosing boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
        source text NOT NULL CHECK (source IN ('vitals', 'assessment', 'intake', 'dose', 'adverse_event')),
        source_id uuid,
        raised_at timestamptz NOT NULL DEFAULT now(),
        last_raised_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_by uuid REFERENCES users (id),
        acknowledged_at timestamptz,
        acknowledged_comment text,
        resolved_by uuid REFERENCES users (id),
        resolved_at timestamptz,
        resolved_comment text,
        escalated_at timestamptz,
        escalated_to integer,
        CONSTRAINT flags_ack_whole CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL)),
        CONSTRAINT flags_resolved_whole CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
      );
      CREATE UNIQUE INDEX flags_one_open_per_session_code ON flags (session_id, code)
        WHERE status <> 'resolved' AND session_id IS NOT NULL;
      CREATE INDEX flags_queue_idx ON flags (clinic_id, status, severity, raised_at DESC);
      CREATE INDEX flags_patient_idx ON flags (patient_id, raised_at DESC);
      CREATE INDEX flags_session_idx ON flags (session_id) WHERE session_id IS NOT NULL;

      CREATE TABLE flag_readings (
        flag_id uuid NOT NULL REFERENCES flags (id),
        reading_id uuid NOT NULL REFERENCES vitals_readings (id),
        PRIMARY KEY (flag_id, reading_id)
      );
      CREATE INDEX flag_readings_reading_idx ON flag_readings (reading_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE flag_readings;
      DROP TABLE flags;
      DROP TABLE adverse_events;
      DROP TABLE vitals_readings;
      DROP TABLE doses;
      ALTER TABLE assessments DROP CONSTRAINT assessments_session_fk;
      DROP TABLE dosing_sessions;
      DROP TABLE assessments;
      DROP TABLE intakes;
      DROP FUNCTION clinical_append_only();
    `);
  }
}
