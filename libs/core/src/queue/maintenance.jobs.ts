import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OnJob } from './job-handler';
import { JobName } from './jobs';

@Injectable()
export class MaintenanceJobs {
  private readonly logger = new Logger(MaintenanceJobs.name);

  constructor(private readonly dataSource: DataSource) {}

  /** Idempotency keys answer for 24 hours (SPEC §4); older ones are dropped. */
  @OnJob(JobName.IdempotencyPurge)
  async purgeIdempotencyKeys(): Promise<void> {
    const [, count] = (await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'`,
    )) as [unknown, number];
    this.logger.log({ deleted: count }, 'idempotency keys purged');
  }
}
