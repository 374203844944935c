import type { AuthUser, Role } from './auth-user';

/** Implemented by the identity domain: the active user behind a token, or null. */
export abstract class UserLookup {
  abstract findActive(userId: string): Promise<AuthUser | null>;
}

export interface AuditRecord {
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  actorId?: string | null;
  actorRole?: Role | null;
  resourceType?: string | null;
  resourceId?: string | null;
  patientId?: string | null;
  clinicId?: string | null;
  requestId?: string | null;
  ip?: string | null;
  statusCode?: number | null;
  /** Ids and counts only: never names, note text or answers. */
  details?: Record<string, unknown>;
}

/** Implemented by the audit domain: appends to the tamper-evident log. */
export abstract class AuditSink {
  abstract record(event: AuditRecord): Promise<void>;
}
