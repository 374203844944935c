import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PgError, pgErrorCode } from '../database/pg-errors';
import { DomainError } from './domain-error';
import type { AppRequest } from './request-context';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  details?: unknown;
  requestId: string;
}

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The one error shape of the API. A 500 says nothing about the request's content. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<AppRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception, String(request.id));
    if (body.statusCode >= 500 && !(exception instanceof HttpException)) {
      // Only the error class and stack: a message could echo patient data.
      const err = exception as Error;
      this.logger.error(
        { requestId: body.requestId, errorName: err?.name, stack: err?.stack },
        'unhandled error',
      );
    }
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof DomainError) {
      return this.shape(exception.status, exception.message, requestId, exception.code, exception.details);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null) {
        const r = response as { message?: unknown; code?: string; details?: unknown };
        const message = Array.isArray(r.message)
          ? r.message.join('; ')
          : String(r.message ?? exception.message);
        return this.shape(status, message, requestId, r.code, r.details);
      }
      return this.shape(status, String(response), requestId);
    }
    const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
      // Body parser errors (bad JSON, wrong content type, too large) from Fastify itself.
      return this.shape(
        fastifyError.statusCode,
        fastifyError.message ?? 'Bad request',
        requestId,
        fastifyError.code,
      );
    }
    switch (pgErrorCode(exception)) {
      case PgError.UniqueViolation:
        return this.shape(HttpStatus.CONFLICT, 'Conflicts with an existing record', requestId, 'CONFLICT');
      case PgError.InvalidTextRepresentation:
        return this.shape(HttpStatus.BAD_REQUEST, 'Malformed value', requestId, 'VALIDATION_FAILED');
    }
    return this.shape(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error', requestId);
  }

  private shape(
    status: number,
    message: string,
    requestId: string,
    code?: string,
    details?: unknown,
  ): ErrorBody {
    const body: ErrorBody = { statusCode: status, error: REASON[status] ?? 'Error', message, requestId };
    if (code) body.code = code;
    if (details !== undefined) body.details = details;
    return body;
  }
}
