import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { AUDIT_KEY, AuditSpec, AppRequest, DomainError, isUuid } from '@kap/core';
import { from, Observable, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { AuditService } from './audit.service';

type Json = Record<string, unknown>;

function str(value: unknown): string | null {
  return isUuid(value) ? value : null;
}

/**
 * Records every call of a route marked `@Audit(action, resource)`: who, role, what, which record,
 * which patient, clinic, request id and outcome. Only ids reach the log, never content.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<AuditSpec | undefined>(AUDIT_KEY, ctx.getHandler());
    if (!spec) return next.handle();
    const request = ctx.switchToHttp().getRequest<AppRequest>();
    const okStatus =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, ctx.getHandler()) ??
      (request.method === 'POST' ? 201 : 200);
    return next.handle().pipe(
      mergeMap((response) =>
        from(this.write(request, spec, response as Json, 'success', okStatus).then(() => response)),
      ),
      catchError((error: unknown) => {
        const status =
          error instanceof HttpException || error instanceof DomainError ? this.status(error) : 500;
        return from(this.write(request, spec, null, 'failure', status)).pipe(
          mergeMap(() => throwError(() => error)),
        );
      }),
    );
  }

  private status(error: HttpException | DomainError): number {
    return error instanceof DomainError ? error.status : error.getStatus();
  }

  private async write(
    request: AppRequest,
    spec: AuditSpec,
    response: Json | null,
    outcome: 'success' | 'failure',
    status: number,
  ) {
    const scope = request.scope;
    const params = request.params as Record<string, string | undefined>;
    const items = Array.isArray(response?.items) ? (response.items as Json[]) : null;
    const details: Record<string, unknown> = {};
    if (items) {
      details.count = items.length;
      const patientIds = [
        ...new Set(
          items
            .map((i) => str(i.patientId) ?? (spec.resource === 'patient' ? str(i.id) : null))
            .filter(Boolean),
        ),
      ];
      if (patientIds.length) details.patientIds = patientIds;
    }
    const record = (response && !items ? response : {}) as Json;
    await this.audit.record({
      action: spec.action,
      outcome,
      actorId: request.user?.id,
      actorRole: request.user?.role,
      resourceType: spec.resource,
      resourceId: str(record.id) ?? scope?.resourceId ?? str(params.id),
      patientId:
        scope?.patientId ?? str(record.patientId) ?? (spec.resource === 'patient' ? str(record.id) : null),
      clinicId: scope?.clinicId ?? str(record.clinicId),
      requestId: String(request.id),
      ip: request.ip,
      statusCode: status,
      details,
    });
  }
}
