import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { JobName, QueueName } from './jobs';
import { jobOptions, QueueProducer } from './queue-producer';

interface OutboxRow {
  id: string;
  queue: QueueName;
  job_name: JobName;
  job_id: string;
  payload: Record<string, unknown>;
  delay_ms: number;
}

const BATCH = 500;
/** BullMQ waits for a connection forever; the relay gives up sooner so that the rows' locks are released. */
const REDIS_TIMEOUT_MS = 3000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Moves committed outbox rows to BullMQ. Rows are locked (SKIP LOCKED, so several workers share the
 * work) and marked relayed in the same transaction that added them to Redis; if Redis is down the
 * transaction rolls back and the rows wait. A crash between the two re-sends a row: the job id is
 * deterministic, so BullMQ ignores the second add.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: QueueProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Relays one batch; answers how many rows moved. */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, queue, job_name, job_id, payload,
                GREATEST(0, (EXTRACT(EPOCH FROM (available_at - now())) * 1000))::bigint AS delay_ms
           FROM outbox WHERE relayed_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<QueueName, OutboxRow[]>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      for (const [queue, queued] of byQueue) {
        // Should the add land after the timeout, the rows stay pending and the next add of the same job ids is a no-op.
        await withTimeout(
          this.producer.queue(queue).addBulk(
            queued.map((row) => ({
              name: row.job_name,
              data: row.payload,
              opts: {
                ...jobOptions(row.job_name, this.config.jobBackoffMs),
                jobId: row.job_id,
                delay: Number(row.delay_ms),
              },
            })),
          ),
          REDIS_TIMEOUT_MS,
        );
      }
      await manager.query(
        `UPDATE outbox SET relayed_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::bigint[])`,
        [rows.map((r) => r.id)],
      );
      return rows.length;
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick();
    }, delayMs);
  }

  private async tick(): Promise<void> {
    let moved = 0;
    try {
      moved = await this.relayOnce();
      this.failures = 0;
    } catch (error) {
      this.failures++;
      if (this.failures === 1 || this.failures % 50 === 0) {
        this.logger.warn(
          { err: (error as Error).message, failures: this.failures },
          'outbox relay failed; rows wait',
        );
      }
    }
    const backoff = this.failures
      ? Math.min(5000, this.config.outboxPollMs * 2 ** Math.min(this.failures, 5))
      : 0;
    this.schedule(moved === BATCH ? 0 : Math.max(backoff, this.config.outboxPollMs));
  }
}
