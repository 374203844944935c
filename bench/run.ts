import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signIn } from './lib/accounts';
import { BenchArgs, parseArgs } from './lib/args';
import { benchPool, ensureDatabase, migrate, tablesPresent } from './lib/database';
import { apiUrl } from './lib/env';
import { PhaseResult, runApi, runRaw, summarise } from './lib/load';
import { loadAverage, machineLine } from './lib/machine';
import { probeScenario } from './lib/probe';
import { ChildApp, RESULTS_DIR, startApi } from './lib/processes';
import type { Accounts, Scenario } from './lib/scenario';
import { round } from './lib/stats';
import { explainFoundation } from './explain';
import { benchFoundation } from './foundation';
import { benchReminders } from './reminders';
import { seed } from './seed';
import { SCENARIOS } from './scenarios';
import type { Pool } from 'pg';

const results: string[] = [];

function result(line: string): void {
  const full = `RESULT ${line}`;
  console.log(full);
  results.push(full);
}

async function openApiRoutes(): Promise<Set<string>> {
  const res = await fetch(apiUrl('').replace('/api/v1', '/api/docs-json'));
  const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
  const routes = new Set<string>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const method of Object.keys(methods)) routes.add(`${method} ${path.replace(/^\/api\/v1/, '')}`);
  }
  return routes;
}

async function prepareData(args: BenchArgs, pool: Pool): Promise<void> {
  await ensureDatabase();
  await migrate();
  const present = await tablesPresent(pool);
  const count = present.has('patients')
    ? Number((await pool.query(`SELECT count(*) AS n FROM patients`)).rows[0].n)
    : 0;
  if (args.reseed || count !== args.patients) await seed(args.patients);
  else console.log(`data: ${count} patients already generated (--reseed to regenerate)`);
}

async function measureEndpoint(
  scenario: Scenario,
  args: BenchArgs,
  pool: Pool,
  accounts: Accounts,
  routes: Set<string>,
  traceFile: string | null,
): Promise<void> {
  const { name, route } = scenario;
  if (!routes.has(`${route.method} ${route.path}`)) {
    result(`${name} missing: ${route.method.toUpperCase()} ${route.path} is not on main yet`);
    return;
  }
  const prepared = await scenario.prepare({ pool, accounts, quick: args.quick });
  if (traceFile) {
    await probeScenario(name, prepared, pool, traceFile, scenario.probeRequests);
    return;
  }
  // Warm-up: JIT, connection pools, caches of both sides.
  await runApi(() => prepared.next(), 1);
  await runRaw(pool, prepared.raw, 1);
  const api: PhaseResult[] = [];
  const raw: PhaseResult[] = [];
  for (let round = 0; round < args.rounds; round++) {
    api.push(await runApi(() => prepared.next(), args.seconds));
    raw.push(await runRaw(pool, prepared.raw, args.seconds));
  }
  const a = summarise(api);
  const r = summarise(raw);
  if (a.failures || r.failures) {
    console.log(
      `  ${name}: ${a.failures} API failures ${a.failureSamples.join('; ')} | ${r.failures} raw failures ${r.failureSamples.join('; ')}`,
    );
  }
  result(
    `${name} ratio=${round(a.rate / r.rate)} rps=${Math.round(a.rate)} raw_ops=${Math.round(r.rate)} ` +
      `p50_ms=${round(a.p50, 1)} p99_ms=${round(a.p99, 1)}` +
      (a.failures ? ` failures=${a.failures}` : '') +
      ` raw_p99_ms=${round(r.p99, 1)} load=${loadAverage().replaceAll(' ', '')}`,
  );
}

async function measureFoundation(args: BenchArgs, pool: Pool, accounts: Accounts, routes: Set<string>) {
  const present = await tablesPresent(pool);
  const missing = ['doses', 'dosing_sessions', 'assessments', 'flags'].filter((t) => !present.has(t));
  if (!routes.has('get /reports/foundation-outcomes') || missing.length) {
    result(
      `foundation_outcomes missing: ${missing.length ? `tables ${missing.join(', ')}` : 'the route'} not on main yet`,
    );
    return;
  }
  const runs = await benchFoundation(pool, accounts.foundation.token, args.quick ? 1 : 3);
  for (const r of runs) {
    if (r.mismatches.length)
      console.log(`  ${r.groupBy}: API and SQL differ: ${r.mismatches.slice(0, 5).join('; ')}`);
    result(
      `foundation_outcomes[${r.groupBy}] ratio=${round(r.apiMs / r.sqlMs)} ms=${Math.round(r.apiMs)} sql_ms=${Math.round(r.sqlMs)}`,
    );
  }
  const worst = runs.reduce((a, b) => (b.apiMs / b.sqlMs > a.apiMs / a.sqlMs ? b : a));
  const slowest = Math.max(...runs.map((r) => r.apiMs));
  result(
    `foundation_outcomes ratio=${round(worst.apiMs / worst.sqlMs)} ms=${Math.round(slowest)} patients=${args.patients} ` +
      `(worst ratio: ${worst.groupBy}; slowest of ${runs.length} groupBys) load=${loadAverage().replaceAll(' ', '')}`,
  );
}

function profileArgs(args: BenchArgs): string[] {
  return args.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(RESULTS_DIR, 'prof')}`] : [];
}

async function measureReminders(args: BenchArgs, pool: Pool): Promise<void> {
  if (!(await tablesPresent(pool)).has('reminders')) {
    result('reminders missing: the reminders table is not on main yet');
    return;
  }
  console.log(`reminders: ${args.reminders} due now, one worker process, log channel`);
  try {
    const r = await benchReminders(pool, args.reminders, (l) => console.log(l), profileArgs(args));
    result(
      `reminders rate=${Math.round(r.rate)} n=${r.count} relay_lag_p50_ms=${r.relayLagP50Ms} ` +
        `relay_lag_p99_ms=${r.relayLagP99Ms} relay_rate=${Math.round(r.relayRate)} ` +
        `worker_rss_mb=${Math.round(r.workerPeakMb)} load=${loadAverage().replaceAll(' ', '')}`,
    );
  } catch (error) {
    result(`reminders failed: ${(error as Error).message}`);
  }
}

async function main() {
  const args = parseArgs();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const started = Date.now();
  console.log(`machine: ${machineLine()}`);
  console.log(
    `mode: ${args.quick ? 'quick' : 'full'}, ${args.patients} patients, ${args.rounds} × ${args.seconds} s per side, 20 connections`,
  );
  const pool = benchPool();
  let api: ChildApp | undefined;
  try {
    await prepareData(args, pool);
    const traceFile = args.probe ? join(RESULTS_DIR, 'sql-trace.log') : null;
    if (traceFile) writeFileSync(traceFile, '');
    const env: Record<string, string> = traceFile ? { BENCH_SQL_TRACE: traceFile } : {};
    const nodeArgs = [
      ...(traceFile ? ['--require', join(process.cwd(), 'bench/probe/sql-trace.cjs')] : []),
      ...profileArgs(args),
    ];
    const startedApi = await startApi(env, nodeArgs);
    api = startedApi.api;
    result(`api_ready ms=${Math.round(startedApi.readyMs)}`);
    const accounts = await signIn(pool);
    const routes = await openApiRoutes();
    for (const scenario of SCENARIOS) {
      if (args.only && !args.only.includes(scenario.name)) continue;
      await measureEndpoint(scenario, args, pool, accounts, routes, traceFile);
    }
    if (traceFile && routes.has('get /reports/foundation-outcomes'))
      await explainFoundation(pool, accounts.foundation.token, traceFile);
    result(`api_rss peak_mb=${Math.round(api.peakMb())}`);
    if (!traceFile && (!args.only || args.only.includes('foundation_outcomes')))
      await measureFoundation(args, pool, accounts, routes);
    if (!traceFile && (!args.only || args.only.includes('reminders'))) await measureReminders(args, pool);
  } finally {
    await api?.stop();
    await pool.end();
  }
  const stamp = `# ${machineLine()} (${args.quick ? 'quick' : 'full'}, ${args.patients} patients, ${Math.round((Date.now() - started) / 1000)} s)`;
  appendFileSync(join(RESULTS_DIR, 'history.log'), [stamp, ...results, ''].join('\n'));
  console.log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
