import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, DomainError, TokenPayload, UserLookup } from '@kap/core';
import type { AppConfig, AuthUser } from '@kap/core';
import { AuditService } from '@kap/audit';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dummyPasswordHash, verifyPassword } from './password';

/** Failed logins allowed per window before 429 (OWASP authentication cheat sheet: throttle by account and by source). */
export const LOGIN_LIMITS = { windowMinutes: 15, perEmail: 5, perAddress: 30 } as const;

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  user: AuthUser;
}

const emailHash = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly users: UserLookup,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string, ip: string, requestId: string): Promise<LoginResult> {
    const hash = emailHash(email);
    await this.throttle(hash, ip, requestId);
    const rows: { id: string; password_hash: string; role: AuthUser['role'] }[] = await this.dataSource.query(
      `SELECT id, password_hash, role FROM users WHERE lower(email) = lower($1) AND active`,
      [email.trim()],
    );
    const found = rows[0];
    // Verify even when nobody has this e-mail, so that the answer time does not tell.
    const ok = await verifyPassword(found?.password_hash ?? (await dummyPasswordHash()), password);
    await this.dataSource.query(`INSERT INTO login_attempts (email_hash, ip, success) VALUES ($1, $2, $3)`, [
      hash,
      ip,
      ok && !!found,
    ]);
    if (!ok || !found) {
      await this.audit.record({ action: 'auth.login', outcome: 'failure', requestId, ip, statusCode: 401 });
      throw new DomainError('INVALID_CREDENTIALS', HttpStatus.UNAUTHORIZED, 'Wrong e-mail or password');
    }
    const user = (await this.users.findActive(found.id))!;
    const payload: TokenPayload = { sub: user.id, role: user.role };
    const accessToken = await this.jwt.signAsync(payload);
    await this.audit.record({
      action: 'auth.login',
      outcome: 'success',
      actorId: user.id,
      actorRole: user.role,
      resourceType: 'user',
      resourceId: user.id,
      requestId,
      ip,
      statusCode: 200,
    });
    return { accessToken, expiresIn: this.config.jwtTtlSeconds, user };
  }

  private async throttle(hash: string, ip: string, requestId: string): Promise<void> {
    const [counts] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE email_hash = $1)::int AS by_email, count(*) FILTER (WHERE ip = $2)::int AS by_ip
         FROM login_attempts
        WHERE NOT success AND attempted_at > now() - make_interval(mins => $3) AND (email_hash = $1 OR ip = $2)`,
      [hash, ip, LOGIN_LIMITS.windowMinutes],
    )) as { by_email: number; by_ip: number }[];
    if (counts.by_email >= LOGIN_LIMITS.perEmail || counts.by_ip >= LOGIN_LIMITS.perAddress) {
      await this.audit.record({ action: 'auth.login', outcome: 'denied', requestId, ip, statusCode: 429 });
      throw new DomainError(
        'TOO_MANY_LOGIN_ATTEMPTS',
        HttpStatus.TOO_MANY_REQUESTS,
        `Too many failed sign-ins; try again in ${LOGIN_LIMITS.windowMinutes} minutes`,
      );
    }
  }
}
