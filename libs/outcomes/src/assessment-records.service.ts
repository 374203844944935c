import { Injectable } from '@nestjs/common';
import { AssessmentsService } from '@kap/assessments';
import { decodeCursor, fieldError, Page, toPage } from '@kap/core';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@kap/core';
import type { AssessmentDto, CreateAssessmentDto, ListAssessmentsQueryDto } from './http/assessment.dto';
import { isoSql, sortKeySql } from './sql-time';

interface AssessmentRow extends Omit<AssessmentDto, 'flags'> {
  flags: AssessmentDto['flags'];
  sort_key: string;
}

const SELECT = `SELECT a.id, a.patient_id AS "patientId", a.clinic_id AS "clinicId", a.instrument,
       a.answers::int[] AS answers, a.total_score AS "totalScore", a.severity, a.item9::int AS item9,
       ${isoSql('a.administered_at')} AS "administeredAt", a.context, a.session_id AS "sessionId",
       a.intake_id AS "intakeId", a.created_by AS "createdBy", ${isoSql('a.created_at')} AS "createdAt",
       ${sortKeySql('a.administered_at')} AS sort_key,
       coalesce((SELECT jsonb_agg(jsonb_build_object('id', f.id, 'code', f.code, 'severity', f.severity,
                                                     'blocksDosing', f.blocks_dosing, 'status', f.status)
                                  ORDER BY f.raised_at, f.id)
                   FROM flags f WHERE f.source = 'assessment' AND f.source_id = a.id), '[]'::jsonb) AS flags
  FROM assessments a`;

const toDto = ({ sort_key: _, ...row }: AssessmentRow): AssessmentDto => row;

/**
 * The HTTP face of assessments: recording goes through AssessmentsService (the one scorer, which also
 * raises the item-9 flag in the same transaction); reading lists a patient's assessments by time.
 */
@Injectable()
export class AssessmentRecordsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assessments: AssessmentsService,
  ) {}

  async record(
    clinicId: string,
    patientId: string,
    user: AuthUser,
    dto: CreateAssessmentDto,
  ): Promise<AssessmentDto> {
    if (dto.context === 'pre_session' && !dto.sessionId)
      throw fieldError('sessionId', 'a pre_session assessment names its session');
    return this.dataSource.transaction(async (m) => {
      const recorded = await this.assessments.record(m, {
        clinicId,
        patientId,
        instrument: dto.instrument,
        answers: dto.answers,
        administeredAt: new Date(dto.administeredAt),
        context: dto.context,
        sessionId: dto.sessionId ?? null,
        createdBy: user.id,
      });
      const [row]: AssessmentRow[] = await m.query(`${SELECT} WHERE a.clinic_id = $1 AND a.id = $2`, [
        clinicId,
        recorded.id,
      ]);
      return { ...toDto(row), flags: recorded.flags.map(({ joined: _, ...f }) => f) };
    });
  }

  /** Newest first; optionally one instrument and a time window. */
  async list(clinicId: string, patientId: string, q: ListAssessmentsQueryDto): Promise<Page<AssessmentDto>> {
    const params: unknown[] = [clinicId, patientId];
    const where = [`a.clinic_id = $1`, `a.patient_id = $2`];
    if (q.instrument) where.push(`a.instrument = $${params.push(q.instrument)}`);
    if (q.from) where.push(`a.administered_at >= $${params.push(q.from)}::timestamptz`);
    if (q.to) where.push(`a.administered_at < $${params.push(q.to)}::timestamptz`);
    const cursor = decodeCursor(q.cursor);
    if (cursor) {
      params.push(cursor.sort, cursor.id);
      where.push(`(a.administered_at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(q.limit + 1);
    const rows: AssessmentRow[] = await this.dataSource.query(
      `${SELECT} WHERE ${where.join(' AND ')} ORDER BY a.administered_at DESC, a.id DESC LIMIT $${params.length}`,
      params,
    );
    return toPage(rows, q.limit, (r) => ({ sort: r.sort_key, id: r.id }), toDto);
  }
}
