import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Allow } from '../auth/decorators';
import { QueueProducer } from '../queue/queue-producer';

const COUNTS = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'completed',
  'failed',
  'waiting-children',
] as const;

/** Counts per queue (for /health/ready details and the admin dashboard). */
export async function queueCounts(producer: QueueProducer): Promise<Record<string, Record<string, number>>> {
  const entries = await Promise.all(
    producer.all().map(async (q) => [q.name, await q.getJobCounts(...COUNTS)] as const),
  );
  return Object.fromEntries(entries);
}

/**
 * The operator's queue dashboard (admin only): depth per queue, the outbox backlog and the latest failed
 * jobs. Job payloads are never shown (they are ids, but the dashboard needs none of them).
 */
@ApiTags('operations')
@Controller('admin/queues')
@Allow('admin')
export class QueuesController {
  constructor(
    private readonly producer: QueueProducer,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Queue depth, failed jobs and outbox backlog' })
  async dashboard() {
    const [outbox] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE relayed_at IS NULL)::int AS pending,
              min(created_at) FILTER (WHERE relayed_at IS NULL) AS "oldestPendingAt"
         FROM outbox`,
    )) as { pending: number; oldestPendingAt: Date | null }[];
    const queues = await Promise.all(
      this.producer.all().map(async (q) => {
        const [counts, failed, schedulers] = await Promise.all([
          q.getJobCounts(...COUNTS),
          q.getFailed(0, 19),
          q.getJobSchedulers(0, 49),
        ]);
        return {
          name: q.name,
          counts,
          failed: failed.map((j) => ({
            id: j.id,
            name: j.name,
            failedReason: j.failedReason,
            attemptsMade: j.attemptsMade,
            failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
          })),
          schedulers: schedulers.map((s) => ({
            id: s.key,
            name: s.name,
            pattern: s.pattern ?? null,
            every: s.every ?? null,
            next: s.next ? new Date(s.next).toISOString() : null,
          })),
        };
      }),
    );
    return { generatedAt: new Date().toISOString(), outbox, queues };
  }
}
