import { JobName } from './jobs';

/**
 * Repeatable jobs, registered by the worker at boot as BullMQ job schedulers with stable ids (an upsert:
 * a restart replaces the scheduler, never adds a second). `every` in milliseconds, or a cron `pattern`
 * evaluated in UTC.
 */
export type Schedule = { id: string; job: JobName } & ({ everyMs: number } | { pattern: string });

export const SCHEDULES: Schedule[] = [
  { id: 'idempotency-purge', job: JobName.IdempotencyPurge, everyMs: 60 * 60 * 1000 },
  /** Every morning 07:00 UTC: yesterday's flags, one e-mail per clinic to its supervisors. */
  { id: 'supervisor-digest-daily', job: JobName.SupervisorDigest, pattern: '0 7 * * *' },
  /** Mondays 06:00 UTC: the foundation outcomes report of the year so far. */
  { id: 'foundation-report-weekly', job: JobName.FoundationReportWeekly, pattern: '0 6 * * 1' },
  { id: 'outbox-sweep', job: JobName.OutboxSweep, everyMs: 5 * 60 * 1000 },
];
