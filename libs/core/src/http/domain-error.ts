import { HttpStatus } from '@nestjs/common';

/**
 * A refusal the domain knows by name. One global filter turns it into the one error shape;
 * the code is machine-readable (`SESSION_HELD`), the message is for people, details are structured.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: HttpStatus,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  static notFound(resource: string): DomainError {
    return new DomainError('NOT_FOUND', HttpStatus.NOT_FOUND, `${resource} not found`);
  }

  static conflict(code: string, message: string, details?: unknown): DomainError {
    return new DomainError(code, HttpStatus.CONFLICT, message, details);
  }

  static badRequest(code: string, message: string, details?: unknown): DomainError {
    return new DomainError(code, HttpStatus.BAD_REQUEST, message, details);
  }

  static forbidden(message = 'Forbidden'): DomainError {
    return new DomainError('FORBIDDEN', HttpStatus.FORBIDDEN, message);
  }
}

/** A 400 naming one field, in the same shape as a validation error. */
export function fieldError(field: string, message: string): DomainError {
  return DomainError.badRequest('VALIDATION_FAILED', `Validation failed: ${field}`, [
    { field, messages: [message] },
  ]);
}
