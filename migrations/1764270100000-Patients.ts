import { MigrationInterface, QueryRunner } from 'typeorm';

export class Patients1764270100000 implements MigrationInterface {
  name = 'Patients1764270100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE patients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics (id),
        mrn text NOT NULL,
        given_name text NOT NULL,
        family_name text NOT NULL,
        birth_date date NOT NULL,
        sex_at_birth text NOT NULL CHECK (sex_at_birth IN ('female', 'male', 'intersex', 'unknown')),
        postal_code text,
        email text,
        phone text,
        reminder_consent boolean NOT NULL DEFAULT false,
        primary_indication text NOT NULL
          CHECK (primary_indication IN ('MDD', 'TRD', 'PTSD', 'BIPOLAR_DEPRESSION', 'ANXIETY', 'OTHER')),
        scholarship_program_code text,
        scholarship_awarded_on date,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'discharged')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT patients_scholarship_whole CHECK ((scholarship_program_code IS NULL) = (scholarship_awarded_on IS NULL))
      );
      CREATE UNIQUE INDEX patients_clinic_mrn_key ON patients (clinic_id, mrn);
      CREATE INDEX patients_clinic_name_idx ON patients (clinic_id, lower(family_name || ' ' || given_name), id);
      CREATE INDEX patients_scholarship_idx ON patients (clinic_id) WHERE scholarship_program_code IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE patients`);
  }
}
