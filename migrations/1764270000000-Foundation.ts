import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts, clinics, the tamper-evident audit log, idempotency keys and the job outbox.
 * The audit hash is computed by the database itself, so no code path can write a row outside the chain.
 */
export class Foundation1764270000000 implements MigrationInterface {
  name = 'Foundation1764270000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE clinics (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        time_zone text NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX clinics_name_key ON clinics (lower(name));

      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('clinician', 'supervisor', 'foundation', 'admin')),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_email_key ON users (lower(email));

      CREATE TABLE clinic_memberships (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        PRIMARY KEY (user_id, clinic_id)
      );
      CREATE INDEX clinic_memberships_clinic_idx ON clinic_memberships (clinic_id);

      CREATE TABLE login_attempts (
        id bigserial PRIMARY KEY,
        email_hash text NOT NULL,
        ip text NOT NULL,
        success boolean NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX login_attempts_email_idx ON login_attempts (email_hash, attempted_at) WHERE NOT success;
      CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, attempted_at) WHERE NOT success;

      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL,
        key text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        body_hash text NOT NULL,
        status_code integer,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      );
      CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        queue text NOT NULL,
        job_name text NOT NULL,
        job_id text NOT NULL,
        payload jsonb NOT NULL,
        available_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      );
      CREATE INDEX outbox_pending_idx ON outbox (id) WHERE relayed_at IS NULL;

      CREATE SEQUENCE audit_events_seq;
      CREATE TABLE audit_events (
        seq bigint PRIMARY KEY,
        id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id uuid,
        actor_role text,
        action text NOT NULL,
        resource_type text,
        resource_id uuid,
        patient_id uuid,
        clinic_id uuid,
        request_id text,
        ip text,
        outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
        status_code integer,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL
      );
      CREATE INDEX audit_events_patient_idx ON audit_events (patient_id, occurred_at);
      CREATE INDEX audit_events_clinic_idx ON audit_events (clinic_id, occurred_at);
      CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, occurred_at);

      -- One canonical form of a row's content, used by the insert trigger and by audit:verify.
      CREATE FUNCTION audit_event_hash(e audit_events, prev text) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT encode(sha256(convert_to(concat_ws('|',
          e.id::text, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          coalesce(e.actor_id::text, ''), coalesce(e.actor_role, ''), e.action,
          coalesce(e.resource_type, ''), coalesce(e.resource_id::text, ''), coalesce(e.patient_id::text, ''),
          coalesce(e.clinic_id::text, ''), coalesce(e.request_id, ''), coalesce(e.ip, ''), e.outcome,
          coalesce(e.status_code::text, ''), e.details::text, prev), 'UTF8')), 'hex')
      $$;

      CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Serialise inserts so that every row links to exactly one predecessor.
        PERFORM pg_advisory_xact_lock(hashtext('audit_events_chain'));
        NEW.seq := nextval('audit_events_seq');
        SELECT hash INTO NEW.prev_hash FROM audit_events ORDER BY seq DESC LIMIT 1;
        NEW.prev_hash := coalesce(NEW.prev_hash, repeat('0', 64));
        NEW.occurred_at := clock_timestamp();
        NEW.hash := audit_event_hash(NEW, NEW.prev_hash);
        RETURN NEW;
      END $$;
      CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_chain();

      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION audit_event_hash(audit_events, text);
      DROP TABLE audit_events;
      DROP SEQUENCE audit_events_seq;
      DROP FUNCTION audit_events_append_only();
      DROP FUNCTION audit_events_chain();
      DROP TABLE outbox;
      DROP TABLE idempotency_keys;
      DROP TABLE login_attempts;
      DROP TABLE clinic_memberships;
      DROP TABLE users;
      DROP TABLE clinics;
    `);
  }
}
