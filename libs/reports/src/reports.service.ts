import { Injectable } from '@nestjs/common';
import { DomainError, fieldError, flattenValidationErrors, JobName, OutboxService } from '@kap/core';
import type { AuthUser, Role } from '@kap/core';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ClinicReportParamsDto,
  FoundationOutcomesQueryDto,
  type CreateReportDto,
  type ReportDto,
  type ReportFormat,
  type ReportType,
} from './http/report.dto';

/** Who may request (and read, and download) each type of report (SPEC §4). */
export const REPORT_ROLES: Record<ReportType, Role[]> = {
  FOUNDATION_OUTCOMES: ['foundation', 'admin'],
  SUPERVISOR_FLAG_DIGEST: ['supervisor'],
  CLINIC_ACTIVITY: ['supervisor'],
};

export interface ReportRow {
  id: string;
  type: ReportType;
  format: ReportFormat;
  params: Record<string, unknown>;
  status: string;
  error: string | null;
  clinic_ids: string[];
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  byte_size: number | null;
}

const COLUMNS = `id, type, format, params, status, error, clinic_ids, created_at, started_at, finished_at, byte_size`;

export function toReportDto(r: ReportRow): ReportDto {
  return {
    id: r.id,
    type: r.type,
    format: r.format,
    params: r.params,
    status: r.status,
    error: r.error,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    byteSize: r.byte_size,
    downloadUrl: r.status === 'succeeded' ? `/api/v1/reports/${r.id}/download` : null,
  };
}

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** Validates a type's params like a body (unknown keys refused), naming fields `params.<name>`. */
export async function normalizeParams(
  type: ReportType,
  raw: Record<string, unknown>,
): Promise<Record<string, string>> {
  const cls = type === 'FOUNDATION_OUTCOMES' ? FoundationOutcomesQueryDto : ClinicReportParamsDto;
  const instance = plainToInstance(cls, raw);
  const errors = await validate(instance as object, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const details = flattenValidationErrors(errors, 'params');
    throw DomainError.badRequest(
      'VALIDATION_FAILED',
      `Validation failed: ${details.map((d) => d.field).join(', ')}`,
      details,
    );
  }
  const p = instance as FoundationOutcomesQueryDto & Partial<ClinicReportParamsDto>;
  if (p.from && p.to && p.from > p.to) throw fieldError('params.to', 'to must not be before from');
  if (type === 'FOUNDATION_OUTCOMES') {
    return {
      from: p.from ?? `${today().slice(0, 4)}-01-01`,
      to: p.to ?? today(),
      groupBy: p.groupBy ?? 'none',
    };
  }
  const from = p.from ?? daysAgo(type === 'CLINIC_ACTIVITY' ? 30 : 1);
  return { clinicId: p.clinicId!, from, to: p.to ?? (type === 'CLINIC_ACTIVITY' ? today() : from) };
}

/** Report requests: stored, queued through the outbox, read back and downloaded by whom may request the type. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async request(user: AuthUser, dto: CreateReportDto): Promise<ReportDto> {
    if (!REPORT_ROLES[dto.type].includes(user.role)) {
      throw DomainError.forbidden(`The role ${user.role} may not request ${dto.type} reports`);
    }
    const params = await normalizeParams(dto.type, dto.params ?? {});
    if (params.clinicId && !user.clinicIds.includes(params.clinicId)) throw DomainError.notFound('clinic');
    return this.dataSource.transaction((m) =>
      this.insert(m, {
        type: dto.type,
        format: dto.format,
        params,
        requestedBy: user.id,
        requestedRole: user.role,
        scheduleKey: null,
      }),
    );
  }

  /** Adds a report and its job in the caller's transaction; a scheduled report exists once per key. */
  async insert(
    m: EntityManager,
    r: {
      type: ReportType;
      format: ReportFormat;
      params: Record<string, string>;
      requestedBy: string | null;
      requestedRole: string | null;
      scheduleKey: string | null;
    },
  ): Promise<ReportDto> {
    const rows: ReportRow[] = await m.query(
      `INSERT INTO reports (type, format, params, requested_by, requested_role, clinic_ids, schedule_key)
       VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7)
       ON CONFLICT (schedule_key) DO UPDATE SET schedule_key = EXCLUDED.schedule_key
       RETURNING ${COLUMNS}, (xmax = 0) AS inserted`,
      [
        r.type,
        r.format,
        JSON.stringify(r.params),
        r.requestedBy,
        r.requestedRole,
        r.params.clinicId ? [r.params.clinicId] : [],
        r.scheduleKey,
      ],
    );
    const row = rows[0] as ReportRow & { inserted: boolean };
    if (row.inserted) {
      await this.outbox.enqueue(m, {
        name: JobName.ReportGenerate,
        jobId: `ReportGenerate-${row.id}`,
        payload: { reportId: row.id },
      });
    }
    return toReportDto(row);
  }

  async list(user: AuthUser): Promise<ReportDto[]> {
    const types = (Object.keys(REPORT_ROLES) as ReportType[]).filter((t) =>
      REPORT_ROLES[t].includes(user.role),
    );
    const rows: ReportRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM reports
        WHERE type = ANY($1::text[]) AND (cardinality(clinic_ids) = 0 OR clinic_ids <@ $2::uuid[])
        ORDER BY created_at DESC LIMIT 100`,
      [types, user.clinicIds],
    );
    return rows.map(toReportDto);
  }

  async get(user: AuthUser, id: string): Promise<ReportDto> {
    return toReportDto(await this.visible(user, id));
  }

  async download(
    user: AuthUser,
    id: string,
  ): Promise<{ content: Buffer; contentType: string; fileName: string }> {
    const report = await this.visible(user, id);
    if (report.status !== 'succeeded') {
      throw DomainError.conflict('REPORT_NOT_READY', `The report is ${report.status}`, {
        status: report.status,
      });
    }
    const [row] = (await this.dataSource.query(
      `SELECT content, content_type, file_name FROM reports WHERE id = $1`,
      [id],
    )) as { content: Buffer; content_type: string; file_name: string }[];
    return { content: row.content, contentType: row.content_type, fileName: row.file_name };
  }

  /** A role that may not request the type: 403; a clinic report of another clinic, or no report: 404. */
  private async visible(user: AuthUser, id: string): Promise<ReportRow> {
    const [row] = (await this.dataSource.query(`SELECT ${COLUMNS} FROM reports WHERE id = $1`, [
      id,
    ])) as ReportRow[];
    if (!row) throw DomainError.notFound('report');
    if (!REPORT_ROLES[row.type].includes(user.role)) {
      throw DomainError.forbidden(`The role ${user.role} may not read ${row.type} reports`);
    }
    if (row.clinic_ids.some((c) => !user.clinicIds.includes(c))) throw DomainError.notFound('report');
    return row;
  }
}
