/**
 * Every job of the platform, the queue it runs on and how it retries. A queue per workload, so that a
 * flood of reminders never delays an escalation. Payloads carry ids only (no PHI).
 */
export enum QueueName {
  Escalations = 'escalations',
  Reminders = 'reminders',
  Reports = 'reports',
  Maintenance = 'maintenance',
}

export enum JobName {
  /** A critical flag still unacknowledged after the clinic's delay: notify the clinic's supervisors. */
  FlagEscalate = 'FlagEscalate',
  /** Delete idempotency keys older than 24 hours. */
  IdempotencyPurge = 'IdempotencyPurge',
}

export interface JobSpec {
  queue: QueueName;
  attempts: number;
}

export const JOBS: Record<JobName, JobSpec> = {
  [JobName.FlagEscalate]: { queue: QueueName.Escalations, attempts: 8 },
  [JobName.IdempotencyPurge]: { queue: QueueName.Maintenance, attempts: 3 },
};

/** Ids only: a payload is a flat map of ids and small scalars. */
export type JobPayload = Record<string, string | number | boolean | null>;
