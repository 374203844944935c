import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { isUuid, JobName, OnJob } from '@kap/core';
import type { JobContext } from '@kap/core';
import { Mailer } from '@kap/notifications';
import { DataSource } from 'typeorm';

interface FlagRow {
  id: string;
  clinic_id: string;
  session_id: string | null;
  code: string;
  status: string;
  severity: string;
  escalated_at: Date | null;
}

export interface EscalationOutcome {
  escalated: boolean;
  reason?: 'not_found' | 'acknowledged' | 'resolved' | 'already_escalated' | 'not_critical';
  notified?: number;
}

/**
 * A critical flag still unacknowledged after the clinic's delay: tell the clinic's supervisors
 * through the notification channel and record it on the flag. Re-reads the flag, so an
 * acknowledgement before the delay means nothing is sent; a retry after success sends nothing again.
 */
@Injectable()
export class FlagEscalationJob {
  private readonly logger = new Logger(FlagEscalationJob.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
  ) {}

  @OnJob(JobName.FlagEscalate)
  async run(ctx: JobContext): Promise<EscalationOutcome> {
    const flagId = ctx.payload.flagId;
    if (!isUuid(flagId)) throw new UnrecoverableError('FlagEscalate needs a flagId');
    return this.escalate(flagId);
  }

  async escalate(flagId: string): Promise<EscalationOutcome> {
    const [flag]: FlagRow[] = await this.dataSource.query(
      `SELECT id, clinic_id, session_id, code, status, severity, escalated_at FROM flags WHERE id = $1`,
      [flagId],
    );
    const skip = (reason: EscalationOutcome['reason']): EscalationOutcome => {
      this.logger.log({ event: 'flag.escalation_skipped', flagId, reason }, 'flag escalation not needed');
      return { escalated: false, reason };
    };
    if (!flag) return skip('not_found');
    if (flag.status === 'acknowledged') return skip('acknowledged');
    if (flag.status === 'resolved') return skip('resolved');
    if (flag.escalated_at) return skip('already_escalated');
    if (flag.severity !== 'critical') return skip('not_critical');

    const supervisors: { id: string; email: string }[] = await this.dataSource.query(
      `SELECT u.id, u.email FROM users u JOIN clinic_memberships m ON m.user_id = u.id
        WHERE m.clinic_id = $1 AND u.role = 'supervisor' AND u.active ORDER BY u.id`,
      [flag.clinic_id],
    );
    for (const s of supervisors) {
      // No patient detail in the message: the code and the flag's id, to open in the queue.
      await this.mailer.send({
        to: s.email,
        subject: `Critical flag ${flag.code} is unacknowledged`,
        text:
          `A critical flag (${flag.code}) in your clinic has not been acknowledged.\n` +
          `Open the flag queue and acknowledge it: flag ${flag.id}.`,
        messageId: `<flag-escalate-${flag.id}-${s.id}@kap.local>`,
      });
    }
    const [, updated] = (await this.dataSource.query(
      `UPDATE flags SET escalated_at = now(), escalated_to = $2 WHERE id = $1 AND escalated_at IS NULL`,
      [flag.id, supervisors.length],
    )) as [unknown, number];
    this.logger.log(
      {
        event: 'flag.escalated',
        channel: this.mailer.channel,
        flagId: flag.id,
        clinicId: flag.clinic_id,
        sessionId: flag.session_id,
        code: flag.code,
        supervisorIds: supervisors.map((s) => s.id),
        recorded: updated === 1,
      },
      'critical flag escalated to the clinic supervisors',
    );
    return { escalated: true, notified: supervisors.length };
  }
}
