import { Injectable, Logger } from '@nestjs/common';
import { JobName, OnJob, OutboxService } from '@kap/core';
import type { JobContext } from '@kap/core';
import { Mailer } from '@kap/notifications';
import { DataSource } from 'typeorm';
import { ReportGeneratorService } from '../report-generator.service';
import { ReportsService } from '../reports.service';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Report generation and the scheduled reports (daily supervisor digest, weekly foundation report). */
@Injectable()
export class ReportJobs {
  private readonly logger = new Logger(ReportJobs.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly generator: ReportGeneratorService,
    private readonly reports: ReportsService,
    private readonly outbox: OutboxService,
    private readonly mailer: Mailer,
  ) {}

  @OnJob(JobName.ReportGenerate)
  generate(ctx: JobContext): Promise<string> {
    return this.generator.generate(String(ctx.payload.reportId));
  }

  /**
   * Daily at 07:00 UTC (scheduler, empty payload): one job per clinic for yesterday, ids per clinic and
   * day so a second run adds nothing. Per clinic: the digest report (stored, PDF) and one e-mail to the
   * clinic's active supervisors with counts only and the PDF attached.
   */
  @OnJob(JobName.SupervisorDigest)
  async digest(ctx: JobContext): Promise<string> {
    const date =
      typeof ctx.payload.day === 'string' ? ctx.payload.day : day(new Date(Date.now() - 86_400_000));
    if (typeof ctx.payload.clinicId !== 'string') {
      await this.dataSource.transaction(async (m) => {
        const clinics = (await m.query(`SELECT id FROM clinics ORDER BY id`)) as { id: string }[];
        await this.outbox.enqueue(
          m,
          ...clinics.map((c) => ({
            name: JobName.SupervisorDigest,
            jobId: `SupervisorDigest-${c.id}-${date}`,
            payload: { clinicId: c.id, day: date },
          })),
        );
      });
      return 'fanned out';
    }
    return this.digestForClinic(ctx.payload.clinicId, date);
  }

  async digestForClinic(clinicId: string, date: string): Promise<string> {
    const report = await this.dataSource.transaction((m) =>
      this.reports.insert(m, {
        type: 'SUPERVISOR_FLAG_DIGEST',
        format: 'pdf',
        params: { clinicId, from: date, to: date },
        requestedBy: null,
        requestedRole: null,
        scheduleKey: `supervisor-digest.${clinicId}.${date}`,
      }),
    );
    // Built here rather than waiting for the queued job, so that the e-mail carries it (the job then finds it done).
    await this.generator.generate(report.id);
    const built = await this.generator.build('SUPERVISOR_FLAG_DIGEST', { clinicId, from: date, to: date });
    const recipients = (await this.dataSource.query(
      `SELECT u.email FROM users u JOIN clinic_memberships cm ON cm.user_id = u.id
        WHERE cm.clinic_id = $1 AND u.role = 'supervisor' AND u.active ORDER BY u.email`,
      [clinicId],
    )) as { email: string }[];
    if (recipients.length === 0) return 'no supervisors';
    // At most once: claimed before sending; a failed send releases the claim for the retry.
    const [claimed] = (await this.dataSource.query(
      `UPDATE reports SET emailed_at = now() WHERE id = $1 AND emailed_at IS NULL RETURNING id`,
      [report.id],
    )) as [unknown[], number];
    if (claimed.length === 0) return 'already e-mailed';
    const [pdf] = (await this.dataSource.query(`SELECT content, file_name FROM reports WHERE id = $1`, [
      report.id,
    ])) as {
      content: Buffer;
      file_name: string;
    }[];
    const facts = built.doc.facts.map(([k, v]) => `${k}: ${v}`).join('\n');
    try {
      await this.mailer.send(
        {
          to: recipients.map((r) => r.email).join(', '),
          subject: `${built.doc.title} (${date})`,
          text: `${built.doc.subtitle}\n\n${facts}\n\nThe full digest is attached and in the platform under Reports.`,
          messageId: `<supervisor-digest.${clinicId}.${date}@kap-clinic>`,
        },
        [{ filename: pdf.file_name, content: pdf.content, contentType: 'application/pdf' }],
      );
    } catch (error) {
      await this.dataSource.query(`UPDATE reports SET emailed_at = NULL WHERE id = $1`, [report.id]);
      throw error;
    }
    this.logger.log(
      { clinicId, reportId: report.id, recipients: recipients.length },
      'supervisor digest sent',
    );
    return 'sent';
  }

  /** Mondays: the foundation outcomes of the year so far by clinic, stored for the foundation (GET /reports). */
  @OnJob(JobName.FoundationReportWeekly)
  async foundationWeekly(): Promise<string> {
    const today = day(new Date());
    const report = await this.dataSource.transaction((m) =>
      this.reports.insert(m, {
        type: 'FOUNDATION_OUTCOMES',
        format: 'pdf',
        params: { from: `${today.slice(0, 4)}-01-01`, to: today, groupBy: 'clinic' },
        requestedBy: null,
        requestedRole: null,
        scheduleKey: `foundation-weekly.${today}`,
      }),
    );
    return this.generator.generate(report.id);
  }
}
