import { dataSourceOptions } from '@kap/core';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { BENCH } from './env';

function adminUrl(url: string): { admin: string; name: string } {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Unsupported database name: ${name}`);
  target.pathname = '/postgres';
  return { admin: target.toString(), name };
}

async function withAdmin<T>(url: string, work: (c: Client, name: string) => Promise<T>): Promise<T> {
  const { admin, name } = adminUrl(url);
  const client = new Client({ connectionString: admin });
  await client.connect();
  try {
    return await work(client, name);
  } finally {
    await client.end();
  }
}

/** Creates the benchmark database when missing; `fresh` drops it first (the audit log refuses TRUNCATE). */
export async function ensureDatabase(fresh = false, url: string = BENCH.databaseUrl): Promise<void> {
  await withAdmin(url, async (c, name) => {
    if (fresh) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await c.query(`CREATE DATABASE "${name}"`);
  });
}

/** The same DataSource and migrations as `npm run migration:run`. */
export async function migrate(url: string = BENCH.databaseUrl): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url, 1));
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

export function benchPool(max: number = BENCH.connections): Pool {
  const pool = new Pool({ connectionString: BENCH.databaseUrl, max, application_name: 'kap-bench' });
  // An idle client cut by a re-seed (DROP DATABASE … WITH (FORCE)) is discarded by the pool; nothing to do.
  pool.on('error', () => undefined);
  return pool;
}

/** Tables present in the benchmark database (scenarios whose tables have not landed are skipped). */
export async function tablesPresent(pool: Pool): Promise<Set<string>> {
  const { rows } = await pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
  );
  return new Set(rows.map((r) => r.table_name));
}
