import { CanActivate, ExecutionContext, HttpStatus, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../http/domain-error';
import type { AppRequest, RequestScope } from '../http/request-context';
import type { AuthUser, Role } from './auth-user';
import { AUDIT_KEY, AuditSpec, PUBLIC_KEY, ROLES_KEY, SCOPE_KEY, ScopeSource } from './decorators';
import { AuditSink, UserLookup } from './ports';
import { ScopeResolverRegistry } from './scope-resolvers';
import { isUuid } from './uuid';

export interface TokenPayload {
  sub: string;
  role: Role;
}

/**
 * The one gate of the API, deny by default: a valid token of an active user, a role the route
 * declares, and the clinic of the record among the user's clinics (else 404).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UserLookup,
    private readonly scopes: ScopeResolverRegistry,
    @Optional() private readonly audit?: AuditSink,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = ctx.switchToHttp().getRequest<AppRequest>();
    const user = await this.authenticate(request);
    request.user = user;

    const audit = this.reflector.getAllAndOverride<AuditSpec | undefined>(AUDIT_KEY, targets);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || !roles.includes(user.role)) {
      await this.deny(request, audit, HttpStatus.FORBIDDEN, null);
      throw DomainError.forbidden(`The ${user.role} role may not do this`);
    }
    const source = this.reflector.getAllAndOverride<ScopeSource | undefined>(SCOPE_KEY, targets);
    if (source) {
      const scope = await this.resolveScope(request, source);
      if (scope === 'denied') {
        await this.deny(request, audit, HttpStatus.NOT_FOUND, null);
        throw DomainError.notFound('resource' in source ? source.resource : 'clinic');
      }
      request.scope = scope;
    }
    return true;
  }

  private async authenticate(request: AppRequest): Promise<AuthUser> {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
    const unauthorized = new DomainError('UNAUTHORIZED', HttpStatus.UNAUTHORIZED, 'Sign in first');
    if (!token) throw unauthorized;
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token, { algorithms: ['HS256'] });
    } catch {
      throw unauthorized;
    }
    const user = isUuid(payload.sub) ? await this.users.findActive(payload.sub) : null;
    if (!user) throw unauthorized;
    return user;
  }

  /** The scope, or 'denied'. An id that is not a UUID is left for validation to refuse with 400. */
  private async resolveScope(request: AppRequest, source: ScopeSource): Promise<RequestScope | 'denied'> {
    const clinicIds = request.user!.clinicIds;
    if ('resource' in source) {
      const bag = ('param' in source ? request.params : request.query) as Record<string, unknown> | undefined;
      const id = bag?.['param' in source ? source.param : source.query];
      if (!isUuid(id)) return { clinicId: null, patientId: null, resourceId: null };
      const found = await this.scopes.resolve(source.resource, id);
      if (!found || !clinicIds.includes(found.clinicId)) return 'denied';
      return { clinicId: found.clinicId, patientId: found.patientId, resourceId: id };
    }
    const bag = (source.clinicFrom === 'query' ? request.query : request.body) as
      Record<string, unknown> | undefined;
    const clinicId = bag?.[source.field];
    if (clinicId === undefined || !isUuid(clinicId))
      return { clinicId: null, patientId: null, resourceId: null };
    if (!clinicIds.includes(clinicId)) return 'denied';
    return { clinicId, patientId: null, resourceId: null };
  }

  private async deny(
    request: AppRequest,
    audit: AuditSpec | undefined,
    status: number,
    patientId: string | null,
  ) {
    if (!audit || !this.audit) return;
    const params = request.params as Record<string, string | undefined>;
    await this.audit.record({
      action: audit.action,
      outcome: 'denied',
      actorId: request.user?.id,
      actorRole: request.user?.role,
      resourceType: audit.resource,
      resourceId: isUuid(params.id) ? params.id : null,
      patientId,
      requestId: String(request.id),
      ip: request.ip,
      statusCode: status,
    });
  }
}
