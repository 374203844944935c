import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { SignedIn } from '../lib/scenario';

/*
 * Statements every authenticated, audited request runs, copied from the API's query log
 * (`npm run bench -- --probe` writes it to bench/results/sql-<scenario>.txt and checks each
 * baseline against it statement by statement).
 */

/** AuthGuard → UserLookupService.findActive: the token's user must still exist and be active. */
export const USER_LOOKUP = `SELECT u.id, u.email, u.name, u.role,
              coalesce(array(SELECT m.clinic_id::text FROM clinic_memberships m WHERE m.user_id = u.id ORDER BY 1), '{}') AS "clinicIds"
         FROM users u WHERE u.id = $1 AND u.active`;

/** AuditService.record (the hash chain is computed by the table's trigger). */
export const AUDIT_INSERT = `INSERT INTO audit_events (action, outcome, actor_id, actor_role, resource_type, resource_id, patient_id,
                                   clinic_id, request_id, ip, status_code, details, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, '', '')`;

export async function userLookup(pool: Pool, user: SignedIn): Promise<void> {
  const { rows } = await pool.query(USER_LOOKUP, [user.id]);
  if (rows.length !== 1) throw new Error('user lookup found nobody');
}

export interface AuditValues {
  action: string;
  resourceType: string;
  resourceId: string | null;
  patientId: string | null;
  clinicId: string | null;
  status: number;
  details?: Record<string, unknown>;
}

export async function audit(pool: Pool, user: SignedIn, a: AuditValues): Promise<void> {
  await pool.query(AUDIT_INSERT, [
    a.action,
    'success',
    user.id,
    user.role,
    a.resourceType,
    a.resourceId,
    a.patientId,
    a.clinicId,
    randomUUID(),
    '127.0.0.1',
    a.status,
    JSON.stringify(a.details ?? {}),
  ]);
}
