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
      return (await m.query(sql, params)) as T[];
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const ds = await this.ds?.catch(() => undefined);
    await ds?.destroy();
  }
}
