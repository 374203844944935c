import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { databaseUrl, TEMPLATE_DB_ENV, TEST_PG_ADMIN_URL } from './env';

export interface TestDatabase {
  name: string;
  url: string;
  /** A plain connection for asserting database state and for tampering tests. */
  sql: Client;
  drop(): Promise<void>;
}

/** A fresh database for one test file, copied from the migrated template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env[TEMPLATE_DB_ENV];
  if (!template) throw new Error('The template database is missing: run the tests through npm test');
  const name = `kap_t_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  await admin.end();
  const url = databaseUrl(name);
  const sql = new Client({ connectionString: url });
  await sql.connect();
  return {
    name,
    url,
    sql,
    async drop() {
      await sql.end();
      const c = new Client({ connectionString: TEST_PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
