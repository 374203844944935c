import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobName, JobPayload, JOBS } from './jobs';

export interface OutboxJob {
  name: JobName;
  /** Deterministic (`flag-escalate:<flagId>`): a second enqueue of the same id is a no-op. */
  jobId: string;
  payload: JobPayload;
  /** Not before this time (a delayed job). */
  runAt?: Date;
}

/**
 * Writes jobs into the outbox inside the caller's transaction, so that a clinical write and the jobs
 * it causes commit together; the worker's relay moves them to BullMQ, even if Redis was down.
 */
@Injectable()
export class OutboxService {
  async enqueue(manager: EntityManager, ...jobs: OutboxJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const values: unknown[] = [];
    const rows = jobs.map((job, i) => {
      values.push(
        JOBS[job.name].queue,
        job.name,
        job.jobId,
        JSON.stringify(job.payload),
        job.runAt ?? new Date(),
      );
      const p = i * 5;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5})`;
    });
    await manager.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload, available_at) VALUES ${rows.join(', ')}`,
      values,
    );
  }
}
