import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '@kap/core';
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

/** IdempotencyInterceptor: the expired key goes, the new one is claimed (the answer is stored after). */
export const IDEMPOTENCY_PURGE = `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND created_at < now() - interval '24 hours'`;
export const IDEMPOTENCY_CLAIM = `INSERT INTO idempotency_keys (user_id, key, method, path, body_hash) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING key`;
export const IDEMPOTENCY_ANSWER = `UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE user_id = $1 AND key = $2`;

export async function claimIdempotencyKey(
  pool: Pool,
  user: SignedIn,
  key: string,
  path: string,
  body: unknown,
) {
  const bodyHash = createHash('sha256')
    .update(`POST ${path}\n${canonicalJson(body)}`)
    .digest('hex');
  await pool.query(IDEMPOTENCY_PURGE, [user.id, key]);
  await pool.query(IDEMPOTENCY_CLAIM, [user.id, key, 'POST', path, bodyHash]);
}

export async function storeIdempotentAnswer(pool: Pool, user: SignedIn, key: string, answer: unknown) {
  await pool.query(IDEMPOTENCY_ANSWER, [user.id, key, 201, JSON.stringify(answer)]);
}
