import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './app-config';

const valid = {
  DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'x'.repeat(32),
};

describe('configuration from the environment', () => {
  it('applies the defaults of SPEC §7', () => {
    const c = loadConfig(valid);
    expect(c).toMatchObject({
      port: 3000,
      jwtTtlSeconds: 900,
      smtpUrl: null,
      bootstrapAdmin: null,
      trustProxy: false,
    });
    expect(c.database.reportsUrl).toBe(valid.DATABASE_URL);
  });

  it.each([
    [{ DATABASE_URL: undefined }, 'Invalid configuration: DATABASE_URL is required'],
    [
      { DATABASE_URL: 'mysql://x/y' },
      'Invalid configuration: DATABASE_URL must use postgres: or postgresql:',
    ],
    [{ REDIS_URL: 'not a url' }, 'Invalid configuration: REDIS_URL is not a URL'],
    [{ JWT_SECRET: 'short' }, 'Invalid configuration: JWT_SECRET must be at least 32 characters'],
    [{ PORT: '70000' }, 'Invalid configuration: PORT must be between 1 and 65535'],
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be an integer'],
    [{ SMTP_URL: 'http://mail' }, 'Invalid configuration: SMTP_URL must use smtp: or smtps:'],
    [
      { REPORTS_DATABASE_URL: 'redis://x' },
      'Invalid configuration: REPORTS_DATABASE_URL must use postgres: or postgresql:',
    ],
    [
      { BOOTSTRAP_ADMIN_EMAIL: 'a@b.example' },
      'Invalid configuration: BOOTSTRAP_ADMIN_PASSWORD is required when the other bootstrap admin variable is set',
    ],
    [
      { BOOTSTRAP_ADMIN_EMAIL: 'a@b.example', BOOTSTRAP_ADMIN_PASSWORD: 'short' },
      'Invalid configuration: BOOTSTRAP_ADMIN_PASSWORD must be at least 12 characters',
    ],
    [{ TRUST_PROXY: 'maybe' }, 'Invalid configuration: TRUST_PROXY must be true or false'],
  ])('refuses %j with one line naming the variable', (override, message) => {
    expect(() => loadConfig({ ...valid, ...override })).toThrow(message);
  });

  it('reads the bootstrap admin and optional services', () => {
    const c = loadConfig({
      ...valid,
      BOOTSTRAP_ADMIN_EMAIL: 'Admin@Clinic.Example',
      BOOTSTRAP_ADMIN_PASSWORD: 'a-long-password',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      REPORTS_DATABASE_URL: 'postgres://replica/db',
    });
    expect(c.bootstrapAdmin).toEqual({ email: 'admin@clinic.example', password: 'a-long-password' });
    expect(c.smtpUrl).toBe('smtp://127.0.0.1:2525');
    expect(c.database.reportsUrl).toBe('postgres://replica/db');
  });
});
