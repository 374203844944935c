import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, JobName, JOBS, OutboxService } from '@kap/core';
import type { AppConfig } from '@kap/core';
import { classifySendError, Mailer, sendErrorReason } from '@kap/notifications';
import type { OutgoingMessage } from '@kap/notifications';
import { REMINDER_RULES } from '@kap/clinical-rules';
import type { ReminderKind } from '@kap/clinical-rules';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { reminderMessage } from './reminder-messages';
import { reminderJobId } from './reminder-scheduler';

/** A delivery this worker holds: only the holder of the token may record the outcome. */
export interface DeliveryClaim {
  deliveryId: string;
  reminderId: string;
  revision: number;
  token: string;
  attempts: number;
  message: OutgoingMessage;
}

export type ClaimResult = { outcome: 'claimed'; claim: DeliveryClaim } | { outcome: 'noop'; reason: string };

interface ReminderRow {
  id: string;
  status: string;
  revision: number;
  kind: ReminderKind;
  event_at: Date | null;
  given_name: string;
  email: string | null;
  reminder_consent: boolean;
  clinic_name: string;
  time_zone: string;
  recent_phq9?: boolean;
}

/** An assessment reminder is moot when the patient has just done a PHQ-9 (at the clinic, say). */
const RECENT_PHQ9 = `(r.kind = 'assessment_due' AND EXISTS (
  SELECT 1 FROM assessments a WHERE a.patient_id = r.patient_id AND a.instrument = 'PHQ9'
     AND a.administered_at > now() - make_interval(days => ${REMINDER_RULES.assessmentDoneWithinDays})))`;

interface DeliveryRow {
  id: string;
  state: 'sending' | 'retry' | 'sent' | 'failed' | 'unknown';
  lease_until: Date | null;
  lease_expired: boolean;
  attempts: number;
}

/** The server said no, or never answered: sending again cannot duplicate; BullMQ retries the job. */
export class ReminderSendRejected extends Error {}

/**
 * Delivers a reminder exactly once. A delivery row keyed by (reminder, revision) is claimed in its own
 * committed transaction before anything is sent, with a lease and a fencing token; the outcome is
 * recorded after. Hence:
 * - a duplicate job, or a retry after success, finds `sent` and does nothing;
 * - a second worker finding a live claim does not send; it re-checks when the lease ends;
 * - a definite refusal (4xx/5xx, no connection) releases the claim for a retry with backoff, and after
 *   the last attempt the reminder is `failed` with the reason;
 * - a claim whose holder died mid-send (expired lease), or a send whose connection broke after the
 *   message may have been accepted, has an unknown outcome. SMTP has no way to ask a server whether it
 *   accepted a Message-ID, and sending again could make a second e-mail, so such a delivery is never
 *   resent: it is marked `unknown` and the reminder `failed` with `DELIVERY_OUTCOME_UNKNOWN` for staff
 *   to follow up; the deterministic Message-ID (`<reminder.<id>.r<revision>@…>`) lets the mail server's
 *   log tell whether it went out. Only that crash window is at-most-once; everywhere else it is exactly once.
 */
@Injectable()
export class ReminderDeliveryService {
  private readonly logger = new Logger(ReminderDeliveryService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The whole delivery, as the job runs it. Throws (for a retry) only on a definite refusal. */
  async deliver(reminderId: string, revision: number): Promise<string> {
    const result = await this.claim(reminderId, revision);
    if (result.outcome === 'noop') return result.reason;
    const { claim } = result;
    let response: string;
    try {
      response = (await this.mailer.send(claim.message)).response;
    } catch (error) {
      return this.fail(claim, error);
    }
    await this.complete(claim, response);
    return 'sent';
  }

  messageId(reminderId: string, revision: number): string {
    const domain = /@([^>\s]+)>?\s*$/.exec(this.config.mailFrom)?.[1] ?? 'localhost';
    return `<reminder.${reminderId}.r${revision}@${domain}>`;
  }

  /**
   * The usual case first, in one statement (one round trip instead of six; the reminders benchmark is
   * bound by round trips): a scheduled reminder with consent and an address, never claimed before, gets
   * its delivery row directly in `sending` with this worker's token, under the same row lock on the
   * reminder. Anything else (a delivery row exists: a retry, a duplicate job, a live or expired claim;
   * or the reminder is not to be sent) takes the full path below, which decides it.
   */
  async claim(reminderId: string, revision: number): Promise<ClaimResult> {
    const key = `${reminderId}.r${revision}`;
    const token = randomUUID();
    const messageId = this.messageId(reminderId, revision);
    const [fresh] = (await this.dataSource.query(
      `WITH r AS (
         SELECT r.id, r.kind, r.event_at, p.given_name, p.email, c.name AS clinic_name, c.time_zone
           FROM reminders r JOIN patients p ON p.id = r.patient_id JOIN clinics c ON c.id = r.clinic_id
          WHERE r.id = $1 AND r.revision = $2 AND r.status = 'scheduled' AND p.reminder_consent AND p.email <> ''
            AND NOT ${RECENT_PHQ9}
            FOR UPDATE OF r),
       d AS (
         INSERT INTO reminder_deliveries (reminder_id, revision, idempotency_key, message_id, channel, state,
                                          claim_token, attempts, claimed_at, lease_until)
         SELECT r.id, $2, $3, $4, $5, 'sending', $6, 1, now(), now() + ($7::int * interval '1 millisecond') FROM r
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING id)
       SELECT d.id, r.kind, r.event_at, r.given_name, r.email, r.clinic_name, r.time_zone FROM d, r`,
      [reminderId, revision, key, messageId, this.mailer.channel, token, this.config.reminderLeaseMs],
    )) as (Pick<ReminderRow, 'kind' | 'event_at' | 'given_name' | 'email' | 'clinic_name' | 'time_zone'> & {
      id: string;
    })[];
    if (!fresh) return this.claimInTransaction(reminderId, revision);
    const { subject, text } = reminderMessage({
      kind: fresh.kind,
      givenName: fresh.given_name,
      clinicName: fresh.clinic_name,
      timeZone: fresh.time_zone,
      eventAt: fresh.event_at,
    });
    return {
      outcome: 'claimed',
      claim: {
        deliveryId: fresh.id,
        reminderId,
        revision,
        token,
        attempts: 1,
        message: { to: fresh.email!, subject, text, messageId },
      },
    };
  }

  private async claimInTransaction(reminderId: string, revision: number): Promise<ClaimResult> {
    return this.dataSource.transaction(async (m) => {
      const [r] = (await m.query(
        `SELECT r.id, r.status, r.revision, r.kind, r.event_at, p.given_name, p.email, p.reminder_consent,
                c.name AS clinic_name, c.time_zone, ${RECENT_PHQ9} AS recent_phq9
           FROM reminders r JOIN patients p ON p.id = r.patient_id JOIN clinics c ON c.id = r.clinic_id
          WHERE r.id = $1 FOR UPDATE OF r`,
        [reminderId],
      )) as ReminderRow[];
      if (!r) return { outcome: 'noop', reason: 'missing' };
      if (r.revision !== revision) return { outcome: 'noop', reason: 'superseded' };
      if (r.status !== 'scheduled') return { outcome: 'noop', reason: r.status };
      const skip = !r.reminder_consent
        ? 'NO_CONSENT'
        : !r.email
          ? 'NO_CONTACT'
          : r.recent_phq9
            ? 'ALREADY_COMPLETED'
            : null;
      if (skip) {
        await this.setReminder(m, reminderId, revision, 'skipped', skip);
        return { outcome: 'noop', reason: 'skipped' };
      }

      const key = `${reminderId}.r${revision}`;
      await m.query(
        `INSERT INTO reminder_deliveries (reminder_id, revision, idempotency_key, message_id, channel, state)
         VALUES ($1, $2, $3, $4, $5, 'retry') ON CONFLICT (idempotency_key) DO NOTHING`,
        [reminderId, revision, key, this.messageId(reminderId, revision), this.mailer.channel],
      );
      const [d] = (await m.query(
        `SELECT id, state, lease_until, lease_until < now() AS lease_expired, attempts
           FROM reminder_deliveries WHERE idempotency_key = $1 FOR UPDATE`,
        [key],
      )) as DeliveryRow[];

      if (d.state === 'sent') {
        await this.setReminder(m, reminderId, revision, 'sent', null);
        return { outcome: 'noop', reason: 'already sent' };
      }
      if (d.state === 'failed' || d.state === 'unknown') return { outcome: 'noop', reason: d.state };
      if (d.state === 'sending' && !d.lease_expired) {
        // Another worker is sending now. Look again when its lease ends, in case it dies.
        await this.outbox.enqueue(m, {
          name: JobName.ReminderSend,
          jobId: `${reminderJobId(reminderId, revision)}-after-${d.lease_until!.getTime()}`,
          payload: { reminderId, revision },
          runAt: new Date(d.lease_until!.getTime() + 50),
        });
        return { outcome: 'noop', reason: 'in progress elsewhere' };
      }
      if (d.state === 'sending') {
        await m.query(
          `UPDATE reminder_deliveries SET state = 'unknown', last_error = 'claim expired: the sender stopped mid-send',
                  completed_at = now() WHERE id = $1`,
          [d.id],
        );
        await this.setReminder(m, reminderId, revision, 'failed', 'DELIVERY_OUTCOME_UNKNOWN');
        this.logger.warn({ reminderId, deliveryId: d.id }, 'reminder delivery outcome unknown; not resent');
        return { outcome: 'noop', reason: 'outcome unknown' };
      }

      const token = randomUUID();
      await m.query(
        `UPDATE reminder_deliveries SET state = 'sending', claim_token = $2, attempts = attempts + 1, claimed_at = now(),
                lease_until = now() + ($3::int * interval '1 millisecond') WHERE id = $1`,
        [d.id, token, this.config.reminderLeaseMs],
      );
      const { subject, text } = reminderMessage({
        kind: r.kind,
        givenName: r.given_name,
        clinicName: r.clinic_name,
        timeZone: r.time_zone,
        eventAt: r.event_at,
      });
      return {
        outcome: 'claimed',
        claim: {
          deliveryId: d.id,
          reminderId,
          revision,
          token,
          attempts: d.attempts + 1,
          message: { to: r.email!, subject, text, messageId: this.messageId(reminderId, revision) },
        },
      };
    });
  }

  /** Records the send. Also after the lease ran out: what happened is that it was sent. */
  async complete(claim: DeliveryClaim, response: string): Promise<void> {
    // The message is out: a passing database hiccup must not turn a sent reminder into an unknown one.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.recordSent(claim, response);
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }

  /** Both rows in one statement (atomic as a transaction, one round trip instead of four). */
  private async recordSent(claim: DeliveryClaim, response: string): Promise<void> {
    await this.dataSource.query(
      `WITH d AS (
         UPDATE reminder_deliveries SET state = 'sent', server_response = left($3, 200), completed_at = now(), last_error = NULL
          WHERE id = $1 AND claim_token = $2)
       UPDATE reminders SET status = 'sent', status_reason = NULL, updated_at = now(), sent_at = now()
        WHERE id = $4 AND revision = $5 AND status IN ('scheduled', 'failed', 'sent')`,
      [claim.deliveryId, claim.token, response, claim.reminderId, claim.revision],
    );
  }

  /** A refused send is retried (the thrown error) until the attempts run out; an unknown outcome never is. */
  async fail(claim: DeliveryClaim, error: unknown): Promise<string> {
    const kind = classifySendError(error);
    const reason = sendErrorReason(error);
    const last = claim.attempts >= JOBS[JobName.ReminderSend].attempts;
    const state = kind === 'unknown' ? 'unknown' : last ? 'failed' : 'retry';
    await this.dataSource.transaction(async (m) => {
      const [, changed] = (await m.query(
        `UPDATE reminder_deliveries SET state = $3, last_error = $4, lease_until = NULL,
                completed_at = CASE WHEN $3 = 'retry' THEN NULL ELSE now() END
          WHERE id = $1 AND claim_token = $2 AND state = 'sending'`,
        [claim.deliveryId, claim.token, state, reason],
      )) as [unknown, number];
      if (changed && state !== 'retry') {
        const status = kind === 'unknown' ? 'DELIVERY_OUTCOME_UNKNOWN' : `SEND_FAILED: ${reason}`;
        await this.setReminder(m, claim.reminderId, claim.revision, 'failed', status);
      }
    });
    this.logger.warn(
      { reminderId: claim.reminderId, attempt: claim.attempts, reason, state },
      'reminder send failed',
    );
    if (state === 'retry') throw new ReminderSendRejected(`reminder send refused (${reason}); will retry`);
    return state;
  }

  private async setReminder(
    m: EntityManager,
    id: string,
    revision: number,
    status: string,
    reason: string | null,
    sent = false,
  ): Promise<void> {
    await m.query(
      `UPDATE reminders SET status = $3, status_reason = $4, updated_at = now(),
              sent_at = CASE WHEN $5 THEN now() ELSE sent_at END
        WHERE id = $1 AND revision = $2 AND status IN ('scheduled', 'failed', $3)`,
      [id, revision, status, reason, sent],
    );
  }
}
