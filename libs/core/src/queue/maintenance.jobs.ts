import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OnJob } from './job-handler';
import { JobName, QueueName } from './jobs';
import { QueueProducer } from './queue-producer';

interface RelayedRow {
  id: string;
  queue: QueueName;
  job_id: string;
}

/** BullMQ keeps completed jobs 24 hours (jobOptions): inside that window a relayed job must still exist. */
const SWEEP_WINDOW = { newerThan: '23 hours', olderThan: '2 minutes' };

@Injectable()
export class MaintenanceJobs {
  private readonly logger = new Logger(MaintenanceJobs.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: QueueProducer,
  ) {}

  /** Idempotency keys answer for 24 hours (SPEC §4); older ones are dropped. */
  @OnJob(JobName.IdempotencyPurge)
  async purgeIdempotencyKeys(): Promise<void> {
    const [, count] = (await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'`,
    )) as [unknown, number];
    this.logger.log({ deleted: count }, 'idempotency keys purged');
  }

  /**
   * Re-queues outbox rows that were relayed to a Redis that then lost them (a failover or a restart
   * without persistence). A relayed row's job is kept by BullMQ (waiting, delayed, active, failed, or
   * completed for 24 hours), so a row relayed 2 minutes to 23 hours ago whose job id is unknown to its
   * queue was lost: its relayed_at is cleared and the relay adds it again. Handlers re-read state and are
   * idempotent, so a job whose work was in fact done does nothing the second time.
   */
  @OnJob(JobName.OutboxSweep)
  async sweepOutbox(): Promise<number> {
    const rows: RelayedRow[] = await this.dataSource.query(
      `SELECT id, queue, job_id FROM outbox
        WHERE relayed_at IS NOT NULL
          AND relayed_at > now() - interval '${SWEEP_WINDOW.newerThan}'
          AND relayed_at < now() - interval '${SWEEP_WINDOW.olderThan}'
        ORDER BY id LIMIT 5000`,
    );
    const lost: string[] = [];
    for (const row of rows) {
      const state = await this.producer.queue(row.queue).getJobState(row.job_id);
      if (state === 'unknown') lost.push(row.id);
    }
    if (lost.length) {
      await this.dataSource.query(
        `UPDATE outbox SET relayed_at = NULL, last_error = 'job lost by Redis; re-queued by sweep' WHERE id = ANY($1::bigint[])`,
        [lost],
      );
      this.logger.warn({ requeued: lost.length }, 'outbox sweep re-queued lost jobs');
    }
    return lost.length;
  }
}
