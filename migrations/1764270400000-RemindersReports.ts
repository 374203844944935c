import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Patient reminders with their delivery records (exactly-once claims), and stored report jobs.
 * `reminders.session_id` has no foreign key on purpose: the sessions table belongs to another domain
 * and reminders only need its id (the reminder is cancelled by the session's own events).
 */
export class RemindersReports1764270400000 implements MigrationInterface {
  name = 'RemindersReports1764270400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reminders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        session_id uuid,
        kind text NOT NULL CHECK (kind IN ('session_upcoming_24h', 'session_upcoming_2h', 'assessment_due', 'integration_follow_up')),
        -- One reminder per purpose: a replayed event finds the row instead of adding a second one.
        dedupe_key text NOT NULL UNIQUE,
        channel text NOT NULL CHECK (channel IN ('email', 'log')),
        due_at timestamptz NOT NULL,
        event_at timestamptz,
        status text NOT NULL CHECK (status IN ('scheduled', 'sent', 'failed', 'cancelled', 'skipped')),
        status_reason text,
        -- Bumped on every reschedule; a job carries the revision it was queued for, older ones do nothing.
        revision integer NOT NULL DEFAULT 1,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX reminders_patient_idx ON reminders (patient_id, due_at, id);
      CREATE INDEX reminders_clinic_status_idx ON reminders (clinic_id, status, due_at);
      CREATE INDEX reminders_session_idx ON reminders (session_id) WHERE session_id IS NOT NULL;

      CREATE TABLE reminder_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reminder_id uuid NOT NULL REFERENCES reminders (id),
        revision integer NOT NULL,
        -- The claim: one delivery per reminder revision, whatever the number of jobs or workers.
        idempotency_key text NOT NULL UNIQUE,
        -- Sent as the e-mail's Message-ID, so that the message can be traced at the mail server.
        message_id text NOT NULL UNIQUE,
        channel text NOT NULL CHECK (channel IN ('email', 'log')),
        state text NOT NULL CHECK (state IN ('sending', 'retry', 'sent', 'failed', 'unknown')),
        -- Fencing token of the current claimant: only it may record the outcome of its send.
        claim_token uuid,
        lease_until timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        server_response text,
        created_at timestamptz NOT NULL DEFAULT now(),
        claimed_at timestamptz,
        completed_at timestamptz
      );
      CREATE INDEX reminder_deliveries_reminder_idx ON reminder_deliveries (reminder_id);

      CREATE TABLE reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type text NOT NULL CHECK (type IN ('FOUNDATION_OUTCOMES', 'SUPERVISOR_FLAG_DIGEST', 'CLINIC_ACTIVITY')),
        format text NOT NULL CHECK (format IN ('json', 'csv', 'pdf')),
        params jsonb NOT NULL DEFAULT '{}'::jsonb,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
        requested_by uuid REFERENCES users (id),
        requested_role text,
        -- The clinics the requester could see when asking (supervisor reports); empty for foundation reports.
        clinic_ids uuid[] NOT NULL DEFAULT '{}',
        -- Scheduled reports (digest per clinic and day, weekly foundation report) exist once per key.
        schedule_key text UNIQUE,
        error text,
        content bytea,
        content_type text,
        file_name text,
        byte_size integer,
        attempts integer NOT NULL DEFAULT 0,
        emailed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      );
      CREATE INDEX reports_requested_by_idx ON reports (requested_by, created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reports; DROP TABLE reminder_deliveries; DROP TABLE reminders;`);
  }
}
