/**
 * The only place in the platform that reads `process.env`. Every variable is validated at start:
 * a missing or bad one stops the process with one line naming it (SPEC §7).
 */
export interface DatabaseConfig {
  url: string;
  reportsUrl: string;
}

export interface AppConfig {
  database: DatabaseConfig;
  redisUrl: string;
  port: number;
  jwtSecret: string;
  jwtTtlSeconds: number;
  bootstrapAdmin: { email: string; password: string } | null;
  smtpUrl: string | null;
  /** Sender of the platform's e-mail (reminders, digests, escalations). */
  mailFrom: string;
  /**
   * How long a claimed reminder delivery belongs to the worker that claimed it. Longer than the SMTP
   * timeouts together, so that only a claimant that died leaves an expired claim behind.
   */
  reminderLeaseMs: number;
  /** First retry delay of a failed job; later ones double (exponential backoff). */
  jobBackoffMs: number;
  logLevel: string;
  /** Prefix of every BullMQ key, so that several deployments (or test files) can share one Redis. */
  queuePrefix: string;
  /** Milliseconds between outbox relay polls in the worker. */
  outboxPollMs: number;
  /** Web app origin allowed to call the API from another origin; unset: same origin only. */
  corsOrigin: string | null;
  /** Behind a load balancer: take the client address from X-Forwarded-For (for the login rate limit). */
  trustProxy: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
  }
}

type Env = Record<string, string | undefined>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(name, 'is required');
  return value;
}

function url(env: Env, name: string, protocols: string[], fallback?: string): string {
  const value = env[name]?.trim() || fallback;
  if (!value) throw new ConfigError(name, 'is required');
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `is not a URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}`);
  }
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, 'must be an integer');
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}`);
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(name, 'must be true or false');
}

const PG = ['postgres:', 'postgresql:'];

function mailFrom(env: Env): string {
  const value = env.MAIL_FROM?.trim() || 'KAP Clinic Platform <no-reply@localhost>';
  if (!/^([^<>]*<)?[^@\s<>]+@[^@\s<>]+>?$/.test(value))
    throw new ConfigError('MAIL_FROM', 'is not an e-mail address');
  return value;
}

export function loadDatabaseConfig(env: Env = process.env): DatabaseConfig {
  const databaseUrl = url(env, 'DATABASE_URL', PG);
  return { url: databaseUrl, reportsUrl: url(env, 'REPORTS_DATABASE_URL', PG, databaseUrl) };
}

export function loadConfig(env: Env = process.env): AppConfig {
  const database = loadDatabaseConfig(env);
  const jwtSecret = required(env, 'JWT_SECRET');
  if (jwtSecret.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
  const adminEmail = env.BOOTSTRAP_ADMIN_EMAIL?.trim();
  const adminPassword = env.BOOTSTRAP_ADMIN_PASSWORD;
  if (!!adminEmail !== !!adminPassword) {
    throw new ConfigError(
      adminEmail ? 'BOOTSTRAP_ADMIN_PASSWORD' : 'BOOTSTRAP_ADMIN_EMAIL',
      'is required when the other bootstrap admin variable is set',
    );
  }
  if (adminEmail && !/^[^@\s]+@[^@\s]+$/.test(adminEmail)) {
    throw new ConfigError('BOOTSTRAP_ADMIN_EMAIL', 'is not an e-mail address');
  }
  if (adminPassword !== undefined && adminPassword.length < 12) {
    throw new ConfigError('BOOTSTRAP_ADMIN_PASSWORD', 'must be at least 12 characters');
  }
  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', 'must be one of fatal, error, warn, info, debug, trace, silent');
  }
  const smtp = env.SMTP_URL?.trim();
  return {
    database,
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    port: integer(env, 'PORT', 3000, 1, 65535),
    jwtSecret,
    jwtTtlSeconds: integer(env, 'JWT_TTL_SECONDS', 900, 60, 86400),
    bootstrapAdmin:
      adminEmail && adminPassword ? { email: adminEmail.toLowerCase(), password: adminPassword } : null,
    smtpUrl: smtp ? url(env, 'SMTP_URL', ['smtp:', 'smtps:']) : null,
    mailFrom: mailFrom(env),
    reminderLeaseMs: integer(env, 'REMINDER_LEASE_MS', 120_000, 100, 3_600_000),
    jobBackoffMs: integer(env, 'JOB_BACKOFF_MS', 1000, 10, 600_000),
    logLevel,
    queuePrefix: env.QUEUE_PREFIX?.trim() || 'kap',
    outboxPollMs: integer(env, 'OUTBOX_POLL_MS', 250, 10, 60000),
    corsOrigin: env.CORS_ORIGIN?.trim() || null,
    trustProxy: boolean(env, 'TRUST_PROXY', false),
  };
}

/** Loads the configuration or stops the process with one line naming the bad variable. */
export function loadConfigOrExit(env: Env = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

export const APP_CONFIG = Symbol('APP_CONFIG');
