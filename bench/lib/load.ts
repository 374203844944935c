import autocannon from 'autocannon';
import type { Pool, PoolClient } from 'pg';
import { performance } from 'node:perf_hooks';
import { apiUrl, BENCH } from './env';
import { percentile } from './stats';

/** One HTTP request of a scenario (a fresh one per call: rotating bodies, records and tokens). */
export interface ApiRequest {
  method: 'GET' | 'POST';
  path: string;
  token: string;
  body?: unknown;
  /** Extra headers (Idempotency-Key: a new one per creating POST, as the web app sends). */
  headers?: Record<string, string>;
}

/**
 * One operation of the raw baseline: the same statements as the endpoint, each outside a transaction
 * through `pool.query` (as TypeORM's `dataSource.query` does) and the endpoint's transaction on one client.
 */
export type RawOp = (pool: Pool) => Promise<void>;

/** BEGIN … COMMIT on one pooled client, ROLLBACK on error (TypeORM's `dataSource.transaction`). */
export async function transaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('START TRANSACTION');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export interface PhaseResult {
  ops: number;
  seconds: number;
  latenciesMs: number[];
  failures: number;
  /** A few failing statuses (API) or messages (raw), for the log. */
  failureSamples: string[];
}

export interface Measured {
  rate: number;
  p50: number;
  p99: number;
  failures: number;
  failureSamples: string[];
}

export function summarise(phases: PhaseResult[]): Measured {
  const ops = phases.reduce((s, p) => s + p.ops, 0);
  const seconds = phases.reduce((s, p) => s + p.seconds, 0);
  const latencies = phases.flatMap((p) => p.latenciesMs);
  return {
    rate: ops / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures: phases.reduce((s, p) => s + p.failures, 0),
    failureSamples: [...new Set(phases.flatMap((p) => p.failureSamples))].slice(0, 5),
  };
}

/** autocannon at the benchmark's concurrency for `seconds`; every request built by `next()`. */
export async function runApi(next: () => ApiRequest, seconds: number): Promise<PhaseResult> {
  const latenciesMs: number[] = [];
  let ok = 0;
  let failures = 0;
  const failureSamples: string[] = [];
  const instance = autocannon({
    url: apiUrl(),
    connections: BENCH.connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        setupRequest: (req) => {
          const r = next();
          const headers: Record<string, string> = { authorization: `Bearer ${r.token}`, ...r.headers };
          if (r.body !== undefined) headers['content-type'] = 'application/json';
          return {
            ...req,
            method: r.method,
            path: `/api/v1${r.path}`,
            headers,
            body: r.body === undefined ? undefined : JSON.stringify(r.body),
          };
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    latenciesMs.push(ms);
    if (status >= 200 && status < 300) ok++;
    else {
      failures++;
      if (failureSamples.length < 5) failureSamples.push(`HTTP ${status}`);
    }
  });
  const result = await instance;
  if (result.errors > 0) {
    failures += result.errors;
    failureSamples.push(`${result.errors} connection errors/timeouts`);
  }
  return { ops: ok, seconds: result.duration || seconds, latenciesMs, failures, failureSamples };
}

/** The raw baseline: `connections` loops over a pg Pool of the same size, each running `op` back to back. */
export async function runRaw(pool: Pool, op: RawOp, seconds: number): Promise<PhaseResult> {
  const latenciesMs: number[] = [];
  let ok = 0;
  let failures = 0;
  const failureSamples: string[] = [];
  const started = performance.now();
  const end = started + seconds * 1000;
  const loop = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await op(pool);
        ok++;
        latenciesMs.push(performance.now() - t0);
      } catch (error) {
        failures++;
        if (failureSamples.length < 5) failureSamples.push((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: BENCH.connections }, loop));
  return { ops: ok, seconds: (performance.now() - started) / 1000, latenciesMs, failures, failureSamples };
}

/** Sends one request and answers status and JSON body (set-up, probes and checks). */
export async function call(
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { ...extra };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(apiUrl(path), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (a download)
  }
  return { status: res.status, body: parsed };
}
