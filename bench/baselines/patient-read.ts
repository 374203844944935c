import type { Pool } from 'pg';
import type { SignedIn } from '../lib/scenario';
import { audit, userLookup } from './common';

/** GET /patients/:id, as the query log shows it: user, scope, the patient, the audit row. */
export const PATIENT_SCOPE = `SELECT clinic_id, id AS patient_id FROM patients WHERE id = $1`;

export const PATIENT_READ = `SELECT id, clinic_id, mrn, given_name, family_name, to_char(birth_date, 'YYYY-MM-DD') AS birth_date,
              sex_at_birth, postal_code, email, phone, reminder_consent, primary_indication,
              scholarship_program_code, to_char(scholarship_awarded_on, 'YYYY-MM-DD') AS scholarship_awarded_on,
              status, created_at, updated_at
         FROM patients WHERE clinic_id = $1 AND id = $2`;

export async function patientReadRaw(pool: Pool, user: SignedIn, patientId: string): Promise<void> {
  await userLookup(pool, user);
  const scope = await pool.query<{ clinic_id: string }>(PATIENT_SCOPE, [patientId]);
  const clinicId = scope.rows[0].clinic_id;
  await pool.query(PATIENT_READ, [clinicId, patientId]);
  await audit(pool, user, {
    action: 'patient.read',
    resourceType: 'patient',
    resourceId: patientId,
    patientId,
    clinicId,
    status: 200,
  });
}
