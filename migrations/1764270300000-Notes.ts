import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Integration therapy notes and their addenda. A signed note is frozen by the database itself: any
 * UPDATE of a signed row and any DELETE are refused by trigger, whatever the code path or connection,
 * and addenda are append-only the same way. Signing is checked here too (the author signs, with a hash).
 */
export class Notes1764270300000 implements MigrationInterface {
  name = 'Notes1764270300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        session_id uuid REFERENCES dosing_sessions (id),
        author_id uuid NOT NULL REFERENCES users (id),
        format text NOT NULL CHECK (format IN ('SOAP', 'DAP')),
        content jsonb NOT NULL CHECK (jsonb_typeof(content) = 'object'),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
        signed_at timestamptz,
        signed_by uuid REFERENCES users (id),
        content_hash text CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notes_signed_whole CHECK (
          (status = 'signed') = (signed_at IS NOT NULL AND signed_by IS NOT NULL AND content_hash IS NOT NULL)),
        CONSTRAINT notes_author_signs CHECK (signed_by IS NULL OR signed_by = author_id)
      );
      CREATE INDEX notes_patient_idx ON notes (patient_id, created_at DESC, id DESC);
      CREATE INDEX notes_session_idx ON notes (session_id) WHERE session_id IS NOT NULL;

      CREATE FUNCTION notes_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'notes are never deleted (note %)', OLD.id USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF OLD.status = 'signed' THEN
          RAISE EXCEPTION 'note % is signed and immutable; add an addendum', OLD.id
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.id <> OLD.id OR NEW.clinic_id <> OLD.clinic_id OR NEW.patient_id <> OLD.patient_id
           OR NEW.author_id <> OLD.author_id OR NEW.created_at <> OLD.created_at THEN
          RAISE EXCEPTION 'the owner of note % cannot change', OLD.id USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER notes_guard BEFORE UPDATE OR DELETE ON notes
        FOR EACH ROW EXECUTE FUNCTION notes_guard();

      CREATE FUNCTION notes_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% refused on %', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER notes_no_truncate BEFORE TRUNCATE ON notes
        FOR EACH STATEMENT EXECUTE FUNCTION notes_no_truncate();

      CREATE TABLE note_addenda (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        note_id uuid NOT NULL REFERENCES notes (id),
        author_id uuid NOT NULL REFERENCES users (id),
        text text NOT NULL CHECK (length(btrim(text)) BETWEEN 1 AND 20000),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX note_addenda_note_idx ON note_addenda (note_id, created_at, id);

      -- Addenda correct a signed note only (a draft is simply edited), and never change once written.
      CREATE FUNCTION note_addenda_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF NOT EXISTS (SELECT 1 FROM notes WHERE id = NEW.note_id AND status = 'signed') THEN
            RAISE EXCEPTION 'addenda are added to signed notes only' USING ERRCODE = 'check_violation';
          END IF;
          NEW.created_at := clock_timestamp();
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'note_addenda is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER note_addenda_guard BEFORE INSERT OR UPDATE OR DELETE ON note_addenda
        FOR EACH ROW EXECUTE FUNCTION note_addenda_guard();
      CREATE TRIGGER note_addenda_no_truncate BEFORE TRUNCATE ON note_addenda
        FOR EACH STATEMENT EXECUTE FUNCTION notes_no_truncate();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE note_addenda;
      DROP FUNCTION note_addenda_guard();
      DROP TABLE notes;
      DROP FUNCTION notes_no_truncate();
      DROP FUNCTION notes_guard();
    `);
  }
}
