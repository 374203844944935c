import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/core/src/database/data-source-options';
import { databaseUrl, TEMPLATE_DB_ENV, TEST_PG_ADMIN_URL } from './env';

/** Migrations run once into a template database; each test file copies it (CREATE DATABASE … TEMPLATE). */
export default async function globalSetup(): Promise<void> {
  // The creation time is in the name, so that a run only ever removes other runs' leftovers that are hours old
  // (several runs may share this server at once).
  const name = `kap_tpl_${Math.floor(Date.now() / 1000)}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  // Leftovers of runs that were killed before their teardown.
  const stale = await admin.query(
    `SELECT datname FROM pg_database
      WHERE datname ~ '^kap_(tpl|t)_[0-9]+_' AND NOT datistemplate
        AND split_part(datname, '_', 3)::bigint < extract(epoch FROM now()) - 3 * 3600`,
  );
  for (const row of stale.rows as { datname: string }[]) {
    await admin.query(`DROP DATABASE IF EXISTS "${row.datname}"`).catch(() => undefined);
  }
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const ds = new DataSource(dataSourceOptions(databaseUrl(name), 1));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  process.env[TEMPLATE_DB_ENV] = name;
}
