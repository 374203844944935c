import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { OUTCOME_RULES } from '@kap/clinical-rules';
import { call } from './lib/load';
import { RESULTS_DIR } from './lib/processes';

/**
 * `--probe`: the foundation report's statement as the API sent it (from the SQL trace), run again under
 * EXPLAIN (ANALYZE, BUFFERS) with the reports connection's settings; written to
 * bench/results/explain-foundation_outcomes.txt (the copy in bench/README.md comes from there).
 */
export async function explainFoundation(pool: Pool, token: string, traceFile: string): Promise<void> {
  const offset = statSync(traceFile).size;
  const res = await call('GET', '/reports/foundation-outcomes?groupBy=clinic', token);
  if (res.status !== 200) throw new Error(`foundation-outcomes: HTTP ${res.status}`);
  const statements = readFileSync(traceFile)
    .subarray(offset)
    .toString('utf8')
    .split('\n\u241e\n')
    .filter((s) => s.includes('FROM patients p'));
  const client = await pool.connect();
  const out: string[] = [];
  try {
    for (const sql of statements) {
      await client.query('START TRANSACTION READ ONLY');
      await client.query(`SET LOCAL jit = off; SET LOCAL work_mem = '64MB'`);
      const params = [
        null,
        null,
        OUTCOME_RULES.rateBaselineMin,
        OUTCOME_RULES.responseRatio,
        OUTCOME_RULES.remissionBelow,
      ].slice(
        0,
        (sql.match(/\$\d/g) ?? []).reduce((m, p) => Math.max(m, Number(p.slice(1))), 0),
      );
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
        params,
      );
      await client.query('COMMIT');
      out.push(`-- ${sql.slice(0, 120)}…`, ...rows.map((r) => r['QUERY PLAN']), '');
    }
  } finally {
    client.release();
  }
  writeFileSync(join(RESULTS_DIR, 'explain-foundation_outcomes.txt'), out.join('\n'));
  console.log(`EXPLAIN foundation_outcomes (groupBy=clinic): bench/results/explain-foundation_outcomes.txt`);
}
