import { Client } from 'pg';
import { TEMPLATE_DB_ENV, TEST_PG_ADMIN_URL } from './env';

export default async function globalTeardown(): Promise<void> {
  const name = process.env[TEMPLATE_DB_ENV];
  if (!name) return;
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
