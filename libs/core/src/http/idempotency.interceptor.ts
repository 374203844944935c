import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { from, Observable, of, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { DataSource } from 'typeorm';
import { DomainError, fieldError } from './domain-error';
import type { AppRequest } from './request-context';

const IDEMPOTENT_KEY = 'kap:idempotent';
const HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** A creating POST that accepts `Idempotency-Key`: same key and body replay the first answer. */
export const Idempotent = () =>
  applyDecorators(
    SetMetadata(IDEMPOTENT_KEY, true),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Same key and body within 24 h: the first answer again, nothing created; other body: 409',
    }),
  );

/** Canonical JSON (sorted keys) so that key order does not make two equal bodies differ. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

interface StoredKey {
  body_hash: string;
  status_code: number | null;
  response: unknown;
}

/** Keys live in PostgreSQL for 24 hours, per user, so every API process sees the same ones. */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
  ) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = ctx.switchToHttp().getRequest<AppRequest>();
    const rawKey = request.headers[HEADER];
    if (
      rawKey === undefined ||
      !this.reflector.get<boolean>(IDEMPOTENT_KEY, ctx.getHandler()) ||
      !request.user
    ) {
      return next.handle();
    }
    const key = Array.isArray(rawKey) ? rawKey[0] : rawKey;
    if (!KEY_PATTERN.test(key)) throw fieldError('Idempotency-Key', 'must be 1–200 visible ASCII characters');
    const userId = request.user.id;
    const path = request.url.split('?')[0];
    const bodyHash = createHash('sha256')
      .update(`${request.method} ${path}\n${canonicalJson(request.body)}`)
      .digest('hex');

    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND created_at < now() - interval '24 hours'`,
      [userId, key],
    );
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (user_id, key, method, path, body_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING key`,
      [userId, key, request.method, path, bodyHash],
    );
    if (inserted.length === 0) return of(await this.replay(ctx, userId, key, bodyHash));

    const status = this.reflector.get<number>(HTTP_CODE_METADATA, ctx.getHandler()) ?? HttpStatus.CREATED;
    return next.handle().pipe(
      mergeMap((response) =>
        from(
          this.dataSource
            .query(
              `UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE user_id = $1 AND key = $2`,
              [userId, key, status, JSON.stringify(response ?? null)],
            )
            .then(() => response),
        ),
      ),
      catchError((error: unknown) =>
        // A refused request keeps no key: the client may correct it and try again with the same key.
        from(
          this.dataSource.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2`, [
            userId,
            key,
          ]),
        ).pipe(mergeMap(() => throwError(() => error))),
      ),
    );
  }

  private async replay(
    ctx: ExecutionContext,
    userId: string,
    key: string,
    bodyHash: string,
  ): Promise<unknown> {
    const rows: StoredKey[] = await this.dataSource.query(
      `SELECT body_hash, status_code, response FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    const stored = rows[0];
    if (!stored)
      throw DomainError.conflict('IDEMPOTENCY_IN_PROGRESS', 'A request with this key is in progress');
    if (stored.body_hash !== bodyHash) {
      throw DomainError.conflict(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used with another request',
      );
    }
    if (stored.status_code === null) {
      throw DomainError.conflict('IDEMPOTENCY_IN_PROGRESS', 'A request with this key is in progress');
    }
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    void reply.header('idempotent-replayed', 'true');
    return stored.response;
  }
}
