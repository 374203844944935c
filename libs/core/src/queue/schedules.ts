import { JobName } from './jobs';

/** Repeatable jobs, registered by the worker at boot as BullMQ job schedulers with stable ids. */
export const SCHEDULES: { id: string; job: JobName; everyMs: number }[] = [
  { id: 'idempotency-purge', job: JobName.IdempotencyPurge, everyMs: 60 * 60 * 1000 },
];
