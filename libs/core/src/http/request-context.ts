import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user';

/** What the scope guard learnt about the record a request touches (for audit and services). */
export interface RequestScope {
  clinicId: string | null;
  patientId: string | null;
  resourceId: string | null;
}

export type AppRequest = FastifyRequest & { user?: AuthUser; scope?: RequestScope };
