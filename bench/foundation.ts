import type { Pool } from 'pg';
import { performance } from 'node:perf_hooks';
import { foundationBaseline, GroupBy } from './baselines/foundation-outcomes';
import { call } from './lib/load';
import { round } from './lib/stats';

export const GROUP_BYS: GroupBy[] = ['none', 'clinic', 'indication', 'cohort', 'age_band'];

interface ApiGroup {
  key: string;
  suppressed: boolean;
  patientsEnrolled: number | null;
  patientsTreated: number | null;
  sessionsCompleted: number | null;
  phq9: { baselineMean: number | null; latestMean: number | null };
}

interface ApiReport {
  groups: ApiGroup[];
  total: ApiGroup;
}

export interface FoundationResult {
  groupBy: GroupBy;
  apiMs: number;
  sqlMs: number;
  mismatches: string[];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The API's numbers against the hand-written SQL's: counts and means of every group it shows. */
function compare(api: ApiReport, sql: Awaited<ReturnType<typeof foundationBaseline>>): string[] {
  const problems: string[] = [];
  const rows = new Map(sql.groups.map((r) => [r.key ?? 'total', r]));
  for (const g of [...api.groups, api.total]) {
    const r = rows.get(g.key);
    if (!r) {
      problems.push(`group ${g.key} missing from the SQL baseline`);
      continue;
    }
    const check = (what: string, a: number | null, b: number | null) => {
      if (a !== null && b !== null && Math.abs(a - b) > 0.006)
        problems.push(`${g.key} ${what}: API ${a}, SQL ${b}`);
    };
    check('enrolled', g.patientsEnrolled, r.enrolled);
    check('treated', g.patientsTreated, r.treated);
    check('sessions', g.sessionsCompleted, r.sessions);
    check('baselineMean', g.phq9.baselineMean, r.baseline_mean === null ? null : round(r.baseline_mean, 2));
    check('latestMean', g.phq9.latestMean, r.latest_mean === null ? null : round(r.latest_mean, 2));
  }
  if (api.groups.length + 1 !== sql.groups.length)
    problems.push(`API ${api.groups.length} groups, SQL ${sql.groups.length - 1}`);
  return problems;
}

/**
 * GET /reports/foundation-outcomes for each groupBy, alternating with the hand-written SQL; the median
 * of `repeats` runs of each. The API time is the whole HTTP request (auth, audit, both queries, suppression).
 */
export async function benchFoundation(
  pool: Pool,
  token: string,
  repeats: number,
): Promise<FoundationResult[]> {
  const results: FoundationResult[] = [];
  // Untimed: the API opens its reports connection on first use.
  await call('GET', '/reports/foundation-outcomes?groupBy=none&from=2000-01-01&to=2000-01-02', token);
  for (const groupBy of GROUP_BYS) {
    const apiTimes: number[] = [];
    const sqlTimes: number[] = [];
    let mismatches: string[] = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      const res = await call('GET', `/reports/foundation-outcomes?groupBy=${groupBy}`, token);
      apiTimes.push(performance.now() - t0);
      if (res.status !== 200)
        throw new Error(`foundation-outcomes ${groupBy}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      const t1 = performance.now();
      const sql = await foundationBaseline(pool, groupBy);
      sqlTimes.push(performance.now() - t1);
      if (i === 0) mismatches = compare(res.body as ApiReport, sql);
    }
    results.push({ groupBy, apiMs: median(apiTimes), sqlMs: median(sqlTimes), mismatches });
  }
  return results;
}
