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
  /** Deliver one reminder (payload: reminderId, revision), exactly once. */
  ReminderSend = 'ReminderSend',
  /** Build one requested report (payload: reportId) and store its result in PostgreSQL. */
  ReportGenerate = 'ReportGenerate',
  /** Daily flag digest: without clinicId, fan out one job per clinic; with it, e-mail that clinic's supervisors. */
  SupervisorDigest = 'SupervisorDigest',
  /** Weekly foundation outcomes report, stored for the foundation to download. */
  FoundationReportWeekly = 'FoundationReportWeekly',
  /** Re-queue relayed outbox rows whose BullMQ job was lost (a Redis that lost data) and whose work is not done. */
  OutboxSweep = 'OutboxSweep',
}

export interface JobSpec {
  queue: QueueName;
  attempts: number;
}

export const JOBS: Record<JobName, JobSpec> = {
  [JobName.FlagEscalate]: { queue: QueueName.Escalations, attempts: 8 },
  [JobName.IdempotencyPurge]: { queue: QueueName.Maintenance, attempts: 3 },
  [JobName.ReminderSend]: { queue: QueueName.Reminders, attempts: 5 },
  [JobName.ReportGenerate]: { queue: QueueName.Reports, attempts: 3 },
  [JobName.SupervisorDigest]: { queue: QueueName.Reports, attempts: 5 },
  [JobName.FoundationReportWeekly]: { queue: QueueName.Reports, attempts: 3 },
  [JobName.OutboxSweep]: { queue: QueueName.Maintenance, attempts: 1 },
};

/** Ids only: a payload is a flat map of ids and small scalars. */
export type JobPayload = Record<string, string | number | boolean | null>;
