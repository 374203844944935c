import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, JobName, OutboxService } from '@kap/core';
import type { AppConfig, DomainEventMap } from '@kap/core';
import {
  assessmentDueTimes,
  followUpTime,
  sessionReminderTimes,
  type ReminderKind,
} from '@kap/clinical-rules';
import type { EntityManager } from 'typeorm';

interface NewReminder {
  clinicId: string;
  patientId: string;
  sessionId: string | null;
  kind: ReminderKind;
  dedupeKey: string;
  dueAt: Date;
  eventAt: Date | null;
}

interface ScheduledRow {
  id: string;
  status: string;
  revision: number;
  due_at: Date;
}

/** The job that delivers one revision of a reminder; a later revision gets a new id, an older one is a no-op. */
export function reminderJobId(reminderId: string, revision: number): string {
  return `ReminderSend-${reminderId}-r${revision}`;
}

/**
 * Why a reminder is not sent, decided from the patient's row at the time (consent and a contact are
 * checked again when it is due). `PAST_DUE`: the event was recorded after the reminder's time.
 */
const SKIP_REASON_SQL = `CASE WHEN NOT p.reminder_consent THEN 'NO_CONSENT'
                              WHEN p.email IS NULL OR p.email = '' THEN 'NO_CONTACT'
                              WHEN $6::timestamptz <= now() THEN 'PAST_DUE' END`;

/**
 * Turns the clinical domain events into reminder rows and their outbox jobs, inside the emitting
 * transaction: a session that is not committed has no reminders, and a committed one always has them.
 */
@Injectable()
export class ReminderScheduler {
  constructor(
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get channel(): 'email' | 'log' {
    return this.config.smtpUrl ? 'email' : 'log';
  }

  async sessionScheduled(m: EntityManager, e: DomainEventMap['session.scheduled']): Promise<void> {
    for (const r of sessionReminderTimes(e.scheduledAt)) {
      await this.create(m, {
        clinicId: e.clinicId,
        patientId: e.patientId,
        sessionId: e.sessionId,
        kind: r.kind,
        dedupeKey: `${r.kind}.${e.sessionId}`,
        dueAt: r.dueAt,
        eventAt: e.scheduledAt,
      });
    }
  }

  /** New time: each session reminder gets the new due time and a new revision (a sent one is sent again for the new time). */
  async sessionRescheduled(m: EntityManager, e: DomainEventMap['session.rescheduled']): Promise<void> {
    for (const r of sessionReminderTimes(e.scheduledAt)) {
      const dedupeKey = `${r.kind}.${e.sessionId}`;
      const [rows] = (await m.query(
        `UPDATE reminders r SET due_at = $3, event_at = $4, revision = r.revision + 1, sent_at = NULL, updated_at = now(),
                status = CASE WHEN s.reason IS NULL THEN 'scheduled' ELSE 'skipped' END, status_reason = s.reason
           FROM (SELECT ${SKIP_REASON_SQL.replace('$6', '$3')} AS reason FROM patients p WHERE p.id = $2) s
          WHERE r.dedupe_key = $1 AND r.patient_id = $2 AND r.status <> 'cancelled' AND r.due_at IS DISTINCT FROM $3
          RETURNING r.id, r.status, r.revision, r.due_at`,
        [dedupeKey, e.patientId, r.dueAt, e.scheduledAt],
      )) as [ScheduledRow[], number];
      if (rows.length === 0) {
        await this.create(m, {
          clinicId: e.clinicId,
          patientId: e.patientId,
          sessionId: e.sessionId,
          kind: r.kind,
          dedupeKey,
          dueAt: r.dueAt,
          eventAt: e.scheduledAt,
        });
      } else {
        await this.enqueue(m, rows[0]);
      }
    }
  }

  async sessionCancelled(m: EntityManager, e: DomainEventMap['session.cancelled']): Promise<void> {
    await m.query(
      `UPDATE reminders SET status = 'cancelled', status_reason = 'SESSION_CANCELLED', updated_at = now()
        WHERE session_id = $1 AND clinic_id = $2 AND status = 'scheduled'`,
      [e.sessionId, e.clinicId],
    );
  }

  async sessionCompleted(m: EntityManager, e: DomainEventMap['session.completed']): Promise<void> {
    const [clinic] = (await m.query(`SELECT time_zone FROM clinics WHERE id = $1`, [e.clinicId])) as {
      time_zone: string;
    }[];
    await this.create(m, {
      clinicId: e.clinicId,
      patientId: e.patientId,
      sessionId: e.sessionId,
      kind: 'integration_follow_up',
      dedupeKey: `integration_follow_up.${e.sessionId}`,
      dueAt: followUpTime(e.completedAt, clinic?.time_zone ?? 'UTC'),
      eventAt: null,
    });
  }

  async firstDose(m: EntityManager, e: DomainEventMap['patient.first_dose']): Promise<void> {
    for (const due of assessmentDueTimes(e.administeredAt)) {
      await this.create(m, {
        clinicId: e.clinicId,
        patientId: e.patientId,
        sessionId: null,
        kind: 'assessment_due',
        dedupeKey: `assessment_due.${e.patientId}.w${due.week}`,
        dueAt: due.dueAt,
        eventAt: null,
      });
    }
  }

  /** Inserts the reminder (once per dedupe key) and, when it is to be sent, its delayed job. */
  async create(m: EntityManager, r: NewReminder): Promise<void> {
    const rows: ScheduledRow[] = await m.query(
      `INSERT INTO reminders (clinic_id, patient_id, session_id, kind, dedupe_key, due_at, event_at, channel, status, status_reason)
       SELECT p.clinic_id, p.id, $3, $4, $5, $6, $7, $8,
              CASE WHEN s.reason IS NULL THEN 'scheduled' ELSE 'skipped' END, s.reason
         FROM patients p, LATERAL (SELECT ${SKIP_REASON_SQL} AS reason) s
        WHERE p.id = $2 AND p.clinic_id = $1
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id, status, revision, due_at`,
      [r.clinicId, r.patientId, r.sessionId, r.kind, r.dedupeKey, r.dueAt, r.eventAt, this.channel],
    );
    if (rows[0]) await this.enqueue(m, rows[0]);
  }

  private async enqueue(m: EntityManager, row: ScheduledRow): Promise<void> {
    if (row.status !== 'scheduled') return;
    await this.outbox.enqueue(m, {
      name: JobName.ReminderSend,
      jobId: reminderJobId(row.id, row.revision),
      payload: { reminderId: row.id, revision: row.revision },
      runAt: row.due_at,
    });
  }
}
