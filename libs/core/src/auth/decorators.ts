import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AppRequest, RequestScope } from '../http/request-context';
import type { AuthUser, Role } from './auth-user';

export const PUBLIC_KEY = 'kap:public';
export const ROLES_KEY = 'kap:roles';
export const SCOPE_KEY = 'kap:scope';
export const AUDIT_KEY = 'kap:audit';

/** A route anyone may call (login, health). Every other route must declare its roles. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Who may call the route. A route without it answers 403 to everyone: deny by default. */
export const Allow = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing, expired or revoked token' }),
    ApiForbiddenResponse({ description: 'The role may not call this route' }),
  );

/**
 * Where the route's clinic comes from. `param`: a record id resolved to its clinic by the resolver
 * registered for `resource`; `query`/`body`: a clinic id given directly. A record or clinic outside
 * the user's clinics answers 404, so that its existence does not leak.
 */
export type ScopeSource =
  | { resource: string; param: string }
  /** A record id given in the query string (`?patientId=`); absent: no record scope. */
  | { resource: string; query: string }
  | { clinicFrom: 'query' | 'body'; field: string; optional?: boolean };

export const Scoped = (source: ScopeSource) =>
  applyDecorators(
    SetMetadata(SCOPE_KEY, source),
    ApiNotFoundResponse({ description: 'Not found in your clinics' }),
  );

export interface AuditSpec {
  action: string;
  resource: string;
}

/** Records the call (success, failure or denial) in the audit log; ids only. */
export const Audit = (action: string, resource: string) =>
  SetMetadata(AUDIT_KEY, { action, resource } as AuditSpec);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<AppRequest>().user;
  if (!user) throw new Error('CurrentUser used on a public route');
  return user;
});

export const CurrentScope = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): RequestScope =>
    ctx.switchToHttp().getRequest<AppRequest>().scope ?? {
      clinicId: null,
      patientId: null,
      resourceId: null,
    },
);
