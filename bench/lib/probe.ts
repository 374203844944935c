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
 * One request of the scenario with the API's SQL trace on, then one raw-baseline operation: writes
 * both statement lists to bench/results/sql-<name>.txt and says whether they are the same.
 */
export async function probeScenario(
  name: string,
  prepared: PreparedScenario,
  pool: Pool,
  traceFile: string,
): Promise<boolean> {
  const warm = prepared.next();
  await call(warm.method, warm.path, warm.token, warm.body);
  const offset = statSync(traceFile).size;
  const r = prepared.next();
  const res = await call(r.method, r.path, r.token, r.body);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const api = traced(traceFile, offset).map(normalise);
  const raw = await recordLocal(() => prepared.raw(pool));
  const same = api.length === raw.length && api.every((s, i) => s === raw[i]);
  const lines = [
    `# ${name}: ${r.method} ${r.path} → HTTP ${res.status}`,
    `## API (${api.length} statements)`,
    ...api.map((s, i) => `${i + 1}. ${s}`),
    `## raw baseline (${raw.length} statements)`,
    ...raw.map((s, i) => `${i + 1}. ${s}${api[i] === s ? '' : '   <-- differs'}`),
    '',
  ];
  writeFileSync(join(RESULTS_DIR, `sql-${name}.txt`), lines.join('\n'));
  console.log(
    `PROBE ${name} HTTP ${res.status}: API ${api.length} statements, raw ${raw.length}: ${same ? 'same SQL' : 'DIFFERENT'} (bench/results/sql-${name}.txt)`,
  );
  return same;
}
