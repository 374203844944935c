import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createWorker } from '../../apps/worker/src/bootstrap';
import { AppConfig, loadConfig } from '../../libs/core/src';
import { createTestDatabase, TestDatabase } from './database';
import { TEST_REDIS_URL } from './env';

export const ADMIN = { email: 'admin@test.example', password: 'admin-password-0001' };

/** Every log line the app wrote, to assert that no PHI reaches the logs. */
export class LogCapture extends Writable {
  lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  text(): string {
    return this.lines.join('\n');
  }
}

export function testConfig(dbUrl: string, env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    DATABASE_URL: dbUrl,
    REDIS_URL: TEST_REDIS_URL,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'info',
    // Each test file has its own queues in the shared Redis.
    QUEUE_PREFIX: `kaptest_${randomBytes(4).toString('hex')}`,
    OUTBOX_POLL_MS: '50',
    ...env,
  });
}

export interface TestApp {
  app: NestFastifyApplication;
  db: TestDatabase;
  config: AppConfig;
  logs: LogCapture;
  http: () => TestAgent;
  /** Starts the real worker on the same database and queues. */
  startWorker(): Promise<INestApplicationContext>;
  /** Listens on a free local port (for a real browser); answers the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** The real API (and, on demand, the real worker) on a fresh database copied from the template. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = testConfig(db.url, env);
  const logs = new LogCapture();
  const app = await createApiApp(config, logs);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const workers: INestApplicationContext[] = [];
  return {
    app,
    db,
    config,
    logs,
    http: () => request(app.getHttpServer()),
    async startWorker() {
      const worker = await createWorker(config, logs);
      await worker.init();
      workers.push(worker);
      return worker;
    },
    async listen() {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.getHttpServer().address();
      if (!address || typeof address === 'string') throw new Error('the API is not listening on a TCP port');
      return `http://127.0.0.1:${address.port}`;
    },
    async close() {
      for (const w of workers) await w.close().catch(() => undefined);
      await app.close();
      await db.drop();
    },
  };
}
