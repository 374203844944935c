import { Injectable, Logger } from '@nestjs/common';
import { JobName, JOBS } from '@kap/core';
import { DataSource } from 'typeorm';
import { ClinicReportsService } from './clinic-reports.service';
import { FoundationOutcomesService, type GroupBy } from './foundation-outcomes.service';
import type { ReportFormat, ReportType } from './http/report.dto';
import { renderCsv } from './render/csv';
import { clinicActivityDocument, flagDigestDocument, foundationDocument } from './render/documents';
import { renderPdf } from './render/pdf';
import type { ReportDocument } from './render/report-document';

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

/** Builds a report's data on the reports connection and renders it in the requested format. */
@Injectable()
export class ReportGeneratorService {
  private readonly logger = new Logger(ReportGeneratorService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly foundation: FoundationOutcomesService,
    private readonly clinics: ClinicReportsService,
  ) {}

  async build(
    type: ReportType,
    params: Record<string, string>,
  ): Promise<{ data: unknown; doc: ReportDocument }> {
    switch (type) {
      case 'FOUNDATION_OUTCOMES': {
        const data = await this.foundation.compute({
          from: params.from ?? null,
          to: params.to ?? null,
          groupBy: (params.groupBy ?? 'none') as GroupBy,
        });
        return { data, doc: foundationDocument(data) };
      }
      case 'SUPERVISOR_FLAG_DIGEST': {
        const data = await this.clinics.flagDigest(params as { clinicId: string; from: string; to: string });
        return { data, doc: flagDigestDocument(data) };
      }
      case 'CLINIC_ACTIVITY': {
        const data = await this.clinics.clinicActivity(
          params as { clinicId: string; from: string; to: string },
        );
        return { data, doc: clinicActivityDocument(data) };
      }
    }
  }

  async render(format: ReportFormat, built: { data: unknown; doc: ReportDocument }): Promise<Buffer> {
    if (format === 'json') return Buffer.from(JSON.stringify(built.data, null, 2), 'utf8');
    if (format === 'csv') return renderCsv(built.doc);
    return renderPdf(built.doc);
  }

  /**
   * Runs one stored report: idempotent (a succeeded or failed report is left alone), retried by the
   * queue; after the last attempt the report is `failed` with a reason that holds no data.
   */
  async generate(reportId: string): Promise<string> {
    const [[row]] = (await this.dataSource.query(
      `UPDATE reports SET status = 'running', started_at = now(), attempts = attempts + 1
        WHERE id = $1 AND status IN ('queued', 'running')
        RETURNING type, format, params, attempts`,
      [reportId],
    )) as [
      { type: ReportType; format: ReportFormat; params: Record<string, string>; attempts: number }[],
      number,
    ];
    if (!row) return 'already finished';
    try {
      const content = await this.render(row.format, await this.build(row.type, row.params));
      const date = new Date().toISOString().slice(0, 10);
      await this.dataSource.query(
        `UPDATE reports SET status = 'succeeded', content = $2, content_type = $3, file_name = $4, byte_size = $5,
                finished_at = now(), error = NULL WHERE id = $1`,
        [
          reportId,
          content,
          CONTENT_TYPES[row.format],
          `${row.type.toLowerCase().replace(/_/g, '-')}-${date}.${row.format}`,
          content.length,
        ],
      );
      return 'succeeded';
    } catch (error) {
      const last = row.attempts >= JOBS[JobName.ReportGenerate].attempts;
      const reason = (error as { code?: string }).code ?? (error as Error).name ?? 'Error';
      this.logger.warn({ reportId, attempt: row.attempts, reason }, 'report generation failed');
      await this.dataSource.query(
        `UPDATE reports SET status = $2, error = $3, finished_at = CASE WHEN $2 = 'failed' THEN now() END WHERE id = $1`,
        [reportId, last ? 'failed' : 'queued', `generation failed (${reason})`],
      );
      throw error;
    }
  }
}
