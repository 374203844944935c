import argon2 from 'argon2';
import type { Client } from 'pg';
import { performance } from 'node:perf_hooks';
import { BENCH } from './env';

/**
 * The scale data set, generated inside PostgreSQL (INSERT … SELECT over generate_series: no rows
 * cross the wire). One step per table; a step whose tables are not in the schema yet is skipped and
 * named. Runs on one connection so that the temporary tables of earlier steps are visible to later ones.
 */
export interface Step {
  name: string;
  tables: string[];
  sql: (n: number) => string;
}

const INDICATIONS = `ARRAY['MDD','TRD','PTSD','BIPOLAR_DEPRESSION','ANXIETY','OTHER']`;

/** The argon2id hash of the bench password with the platform's parameters (libs/identity/src/password.ts). */
function passwordHash(): Promise<string> {
  return argon2.hash(BENCH.password, {
    type: argon2.argon2id,
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
  });
}

export const BASE_STEPS: Step[] = [
  {
    name: 'clinics',
    tables: ['clinics'],
    sql: () => `
      INSERT INTO clinics (name, time_zone)
      SELECT 'Bench Clinic ' || lpad(c::text, 2, '0'),
             (ARRAY['America/New_York','America/Chicago','America/Denver','America/Los_Angeles'])[1 + c % 4]
        FROM generate_series(1, ${BENCH.clinics}) c;
      CREATE TEMP TABLE b_clinic AS
        SELECT (row_number() OVER (ORDER BY name) - 1)::int AS n, id FROM clinics;`,
  },
  {
    name: 'users',
    tables: ['users', 'clinic_memberships'],
    // Two clinicians and a supervisor per clinic, a foundation account and an admin.
    sql: () => `
      INSERT INTO users (email, name, role, password_hash)
      SELECT format('%s.%s.%s@bench.example', r.role, c.n, k), format('Bench %s %s-%s', r.role, c.n, k), r.role, :hash
        FROM b_clinic c
        CROSS JOIN (VALUES ('clinician', 2), ('supervisor', 1)) r(role, count)
        CROSS JOIN LATERAL generate_series(1, r.count) k;
      INSERT INTO clinic_memberships (user_id, clinic_id)
      SELECT u.id, c.id FROM users u JOIN b_clinic c ON split_part(u.email, '.', 2) = c.n::text;
      INSERT INTO users (email, name, role, password_hash) VALUES
        ('foundation@bench.example', 'Bench foundation', 'foundation', :hash),
        ('admin@bench.example', 'Bench admin', 'admin', :hash);`,
  },
  {
    name: 'patients',
    tables: ['patients'],
    // Ages 18–95, all indications, 30 % scholarship recipients, 80 % reminder consent. Treatment started
    // between 2 years and 2 weeks ago (so cohorts span quarters), or, for one patient in ten, in the last
    // 8 days (their sessions are under way); b_patient keeps what later steps need.
    sql: (n) => `
      CREATE TEMP TABLE b_patient AS
      SELECT i, gen_random_uuid() AS id, c.id AS clinic_id,
             CASE WHEN i % 10 = 9  -- in treatment now: sessions today and in the coming days
                  THEN date_trunc('hour', now()) - make_interval(days => (random() * 8)::int, hours => 1)
                  ELSE now() - make_interval(days => 14 + (random() * 716)::int, hours => (random() * 8)::int) END AS start_at,
             (random() * 100)::int AS trajectory,   -- <35 responder, <55 remitter, else non-responder
             10 + (random() * 17)::int AS baseline,  -- PHQ-9 at intake
             random() < 0.12 AS item9,               -- answers item 9 above 0 at intake
             i % 10 < 3 AS scholarship
        FROM generate_series(1, ${n}) i JOIN b_clinic c ON c.n = i % ${BENCH.clinics};
      ALTER TABLE b_patient ADD PRIMARY KEY (i);
      INSERT INTO patients (id, clinic_id, mrn, given_name, family_name, birth_date, sex_at_birth, postal_code,
                            email, phone, reminder_consent, primary_indication, scholarship_program_code,
                            scholarship_awarded_on, status, created_at, updated_at)
      SELECT p.id, p.clinic_id, 'B' || lpad(p.i::text, 8, '0'),
             (ARRAY['Alex','Sam','Jordan','Casey','Riley','Morgan','Taylor','Jamie'])[1 + p.i % 8],
             'Bench' || p.i,
             (p.start_at - make_interval(years => 18 + (random() * 75)::int, days => (random() * 364)::int))::date,
             (ARRAY['female','male','intersex','unknown'])[1 + (CASE WHEN p.i % 50 = 0 THEN 2 + p.i % 2 ELSE p.i % 2 END)],
             lpad((10000 + p.i % 89999)::text, 5, '0'),
             'patient' || p.i || '@bench.example', '+1555' || lpad((p.i % 10000000)::text, 7, '0'),
             p.i % 5 <> 0,
             (${INDICATIONS})[1 + (p.i / ${BENCH.clinics}) % 6],
             CASE WHEN p.scholarship THEN 'FND-' || (2025 + p.i % 2) END,
             CASE WHEN p.scholarship THEN (p.start_at - interval '10 days')::date END,
             'active', p.start_at - interval '14 days', p.start_at - interval '14 days'
        FROM b_patient p;`,
  },
];

export interface GenerateReport {
  steps: { name: string; ms: number; skipped?: string }[];
  totalMs: number;
}

async function tables(client: Client): Promise<Set<string>> {
  const { rows } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
  );
  return new Set(rows.map((r) => r.table_name));
}

/**
 * Bulk-loads the network. Secondary indexes of the loaded tables are dropped first and rebuilt at the
 * end (each from its own definition), foreign-key triggers are off for this session
 * (session_replication_role = replica: the rows are consistent by construction), then ANALYZE.
 */
export async function generate(
  client: Client,
  patients: number,
  steps: Step[],
  log: (line: string) => void,
): Promise<GenerateReport> {
  const started = performance.now();
  const present = await tables(client);
  const hash = await passwordHash();
  const report: GenerateReport = { steps: [], totalMs: 0 };
  const runnable = steps.filter((s) => s.tables.every((t) => present.has(t)));
  const loaded = [...new Set(runnable.flatMap((s) => s.tables))];

  await client.query(`SET synchronous_commit = off`);
  // Before the first temporary table of the session: the helper tables stay in memory.
  await client.query(`SET temp_buffers = '1GB'`);
  await client.query(`SET session_replication_role = replica`);
  await client.query(`SET maintenance_work_mem = '512MB'`);
  await client.query(`SET work_mem = '256MB'`);
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def
       FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [loaded],
  );
  for (const ix of indexes) await client.query(`DROP INDEX "${ix.name}"`);

  for (const step of steps) {
    const missing = step.tables.filter((t) => !present.has(t));
    if (missing.length) {
      report.steps.push({ name: step.name, ms: 0, skipped: `no table ${missing.join(', ')}` });
      log(`  ${step.name}: skipped (no table ${missing.join(', ')} yet)`);
      continue;
    }
    const t0 = performance.now();
    await client.query(step.sql(patients).replaceAll(':hash', () => `'${hash}'`));
    const ms = performance.now() - t0;
    report.steps.push({ name: step.name, ms });
    log(`  ${step.name}: ${(ms / 1000).toFixed(1)} s`);
  }

  const t0 = performance.now();
  for (const ix of indexes) await client.query(ix.def);
  log(`  indexes rebuilt (${indexes.length}): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await client.query(`SET session_replication_role = origin`);
  const t1 = performance.now();
  await client.query(`ANALYZE`);
  log(`  analyze: ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  report.totalMs = performance.now() - started;
  return report;
}
