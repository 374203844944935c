import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../../../migrations';

/** The one description of the database used by the app, the worker, the migration CLI and tests. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    extra: { max: poolSize, application_name: 'kap-clinic' },
  };
}
