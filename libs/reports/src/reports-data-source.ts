import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, dataSourceOptions } from '@kap/core';
import type { AppConfig } from '@kap/core';
import { DataSource } from 'typeorm';

/**
 * Read-only connection for aggregate reports: REPORTS_DATABASE_URL (a read replica when the primary is
 * outgrown, SPEC §5), defaulting to DATABASE_URL. Opened on first use, so a process that never builds a
 * report never connects.
 */
@Injectable()
export class ReportsDataSource implements OnApplicationShutdown {
  private ds?: Promise<DataSource>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    this.ds ??= new DataSource({
      ...dataSourceOptions(this.config.database.reportsUrl, 4),
      migrations: [],
    }).initialize();
    const ds = await this.ds;
    // A read-only transaction: a report can never write, even against the primary.
    return ds.transaction(async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      // Reports are few, large queries: PostgreSQL's JIT compiled the foundation report for longer
      // than it ran (2.4 of 5 s at 100,000 patients), and its sorts spilled to disk at 4 MB.
      await m.query(`SET LOCAL jit = off; SET LOCAL work_mem = '64MB'`);
      return (await m.query(sql, params)) as T[];
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const ds = await this.ds?.catch(() => undefined);
    await ds?.destroy();
  }
}
