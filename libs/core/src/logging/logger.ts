import type { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/**
 * Paths never written to a log: credentials and every field that can carry PHI (names, birth dates,
 * contacts, note text, answers). Request bodies are not logged at all; these paths catch what a
 * developer might pass in an object by mistake.
 */
export const REDACTED_PATHS = [
  'password',
  'passwordHash',
  'accessToken',
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  'body',
  'req.body',
  '*.password',
  '*.givenName',
  '*.familyName',
  '*.name',
  '*.birthDate',
  '*.email',
  '*.phone',
  '*.postalCode',
  '*.content',
  '*.answers',
  '*.text',
  '*.comment',
  '*.reason',
  'givenName',
  'familyName',
  'birthDate',
  'email',
  'phone',
  'postalCode',
  'content',
  'answers',
  'comment',
  'reason',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: process.title },
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** Nest's logger interface over pino: structured JSON lines with the same redaction. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]) {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (message && typeof message === 'object') {
      const text = typeof rest[0] === 'string' && rest.length > 1 ? (rest[0] as string) : undefined;
      this.logger[level]({ context, ...(message as object) }, text);
    } else {
      this.logger[level]({ context }, String(message));
    }
  }
}
