import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { call } from './load';
import { RESULTS_DIR } from './processes';
import type { PreparedScenario } from './scenario';

const SEPARATOR = '\n\u241e\n';

/** The API's statements since `offset` in the trace file written by probe/sql-trace.cjs. */
function traced(file: string, offset: number): string[] {
  return readFileSync(file).subarray(offset).toString('utf8').split(SEPARATOR).filter(Boolean);
}

function normalise(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}

/** Runs `work` while recording every statement this process sends through node-postgres. */
async function recordLocal(work: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const original = Client.prototype.query;
  // node-postgres' query() is overloaded; the recorder only reads the text and passes everything on.
  const patched = function (this: Client, config: unknown, ...rest: unknown[]) {
    const text = typeof config === 'string' ? config : (config as { text?: string } | null)?.text;
    if (text) seen.push(normalise(text));
    return (original as (...args: unknown[]) => unknown).call(this, config, ...rest);
  };
  Client.prototype.query = patched as typeof Client.prototype.query;
  try {
    await work();
  } finally {
    Client.prototype.query = original;
  }
  return seen;
}

/**
 * `count` requests of the scenario with the API's SQL trace on, each followed by the raw-baseline
 * operation for the same rotation step: writes both statement lists to bench/results/sql-<name>.txt and
 * says whether they are the same for every request (the first one, which warms caches, is not compared).
 */
export async function probeScenario(
  name: string,
  prepared: PreparedScenario,
  pool: Pool,
  traceFile: string,
  count = 3,
): Promise<boolean> {
  const lines: string[] = [];
  let differing = 0;
  let status = 0;
  for (let k = 0; k < count; k++) {
    const offset = statSync(traceFile).size;
    const r = prepared.next();
    const res = await call(r.method, r.path, r.token, r.body, r.headers);
    status = res.status;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const api = traced(traceFile, offset).map(normalise);
    const raw = await recordLocal(() => prepared.raw(pool));
    if (k === 0) continue;
    const same = api.length === raw.length && api.every((s, i) => s === raw[i]);
    if (!same) differing++;
    if (k === 1 || !same) {
      lines.push(
        `# ${name} request ${k}: ${r.method} ${r.path} → HTTP ${res.status}`,
        `## API (${api.length} statements)`,
        ...api.map((s, i) => `${i + 1}. ${s}`),
        `## raw baseline (${raw.length} statements)`,
        ...raw.map((s, i) => `${i + 1}. ${s}${api[i] === s ? '' : '   <-- differs'}`),
        '',
      );
    }
  }
  writeFileSync(join(RESULTS_DIR, `sql-${name}.txt`), lines.join('\n'));
  console.log(
    `PROBE ${name} HTTP ${status}: ${count - 1} requests, ${differing ? `${differing} with DIFFERENT SQL` : 'same SQL in each'} (bench/results/sql-${name}.txt)`,
  );
  return differing === 0;
}
