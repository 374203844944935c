import { Injectable } from '@nestjs/common';
import { AuthUser, decodeCursor, DomainError, fieldError, Page, toPage } from '@kap/core';
import {
  answersProblem,
  cssrsRisk,
  evaluateEligibility,
  recordingTimeProblem,
  vitalsPlausibilityProblems,
} from '@kap/clinical-rules';
import { AssessmentsService } from '@kap/assessments';
import { FlagsService } from '@kap/flags';
import type { FlagRef } from '@kap/flags';
import { DataSource } from 'typeorm';
import type { CreateIntakeDto, IntakeDto, ListIntakesQueryDto, ReviewIntakeDto } from './http/intake.dto';

/** One intake as JSON, with the scores of its questionnaires: the same shape everywhere. */
const INTAKE_JSON = `json_build_object(
  'id', i.id, 'clinicId', i.clinic_id, 'patientId', i.patient_id, 'performedAt', i.performed_at,
  'conditions', to_json(i.conditions), 'medications', i.medications,
  'vitals', json_build_object('systolic', i.systolic, 'diastolic', i.diastolic, 'heartRate', i.heart_rate, 'spo2', i.spo2),
  'weightKg', i.weight_kg::float8, 'eligibility', i.eligibility, 'reasons', i.reasons, 'cssrsRisk', i.cssrs_risk,
  'phq9', (SELECT json_build_object('assessmentId', a.id, 'totalScore', a.total_score, 'severity', a.severity)
             FROM assessments a WHERE a.intake_id = i.id AND a.instrument = 'PHQ9' LIMIT 1),
  'gad7', (SELECT json_build_object('assessmentId', a.id, 'totalScore', a.total_score, 'severity', a.severity)
             FROM assessments a WHERE a.intake_id = i.id AND a.instrument = 'GAD7' LIMIT 1),
  'review', CASE WHEN i.review_decision IS NULL THEN NULL ELSE json_build_object('decision', i.review_decision,
             'comment', i.review_comment, 'reviewedBy', i.reviewed_by, 'reviewedAt', i.reviewed_at) END,
  'createdBy', i.created_by, 'createdAt', i.created_at)`;

/** Intake screening: the computed C-SSRS risk and eligibility, and the supervisor's review. */
@Injectable()
export class IntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assessments: AssessmentsService,
    private readonly flags: FlagsService,
  ) {}

  async create(
    clinicId: string,
    patientId: string,
    user: AuthUser,
    dto: CreateIntakeDto,
  ): Promise<IntakeDto> {
    const performedAt = new Date(dto.performedAt);
    const timeProblem = recordingTimeProblem('performedAt', performedAt, new Date());
    if (timeProblem) throw fieldError('performedAt', timeProblem);
    const implausible = vitalsPlausibilityProblems(dto.vitals).map((p) => ({
      ...p,
      field: `vitals.${p.field}`,
    }));
    if (implausible.length)
      throw DomainError.badRequest(
        'VALIDATION_FAILED',
        `Validation failed: ${implausible[0].field}`,
        implausible,
      );
    const phq9Problem = answersProblem('PHQ9', dto.phq9);
    if (phq9Problem) throw fieldError('phq9', phq9Problem);
    const gad7Problem = dto.gad7 === undefined ? null : answersProblem('GAD7', dto.gad7);
    if (gad7Problem) throw fieldError('gad7', gad7Problem);

    const risk = cssrsRisk(dto.cssrs);
    const { eligibility, reasons } = evaluateEligibility({
      conditions: dto.conditions,
      medications: dto.medications,
      vitals: dto.vitals,
      cssrsRisk: risk,
      phq9Item9: dto.phq9[8],
    });
    return this.dataSource.transaction(async (m) => {
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO intakes (clinic_id, patient_id, performed_at, conditions, medications, systolic, diastolic, heart_rate,
                              spo2, weight_kg, cssrs, cssrs_risk, eligibility, reasons, created_by)
         VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
        [
          clinicId,
          patientId,
          performedAt,
          [...new Set(dto.conditions)],
          JSON.stringify(
            dto.medications.map((x) => ({ name: x.name.trim(), interactionClass: x.interactionClass })),
          ),
          dto.vitals.systolic,
          dto.vitals.diastolic,
          dto.vitals.heartRate,
          dto.vitals.spo2 ?? null,
          dto.weightKg,
          JSON.stringify(dto.cssrs),
          risk,
          eligibility,
          JSON.stringify(reasons),
          user.id,
        ],
      );
      const base = { clinicId, patientId, administeredAt: performedAt, context: 'intake' as const };
      const raised: FlagRef[] = [];
      const phq9 = await this.assessments.record(m, {
        ...base,
        instrument: 'PHQ9',
        answers: dto.phq9,
        intakeId: row.id,
        createdBy: user.id,
        field: 'phq9',
      });
      raised.push(...phq9.flags);
      if (dto.gad7) {
        await this.assessments.record(m, {
          ...base,
          instrument: 'GAD7',
          answers: dto.gad7,
          intakeId: row.id,
          createdBy: user.id,
          field: 'gad7',
        });
      }
      if (risk === 'high') {
        // A patient-level flag into the supervisor's queue (CLINICAL-RULES.md §4: `high` raises a critical flag).
        raised.push(
          await this.flags.raise(m, {
            clinicId,
            patientId,
            sessionId: null,
            code: 'SUICIDE_RISK_HIGH',
            severity: 'critical',
            blocksDosing: false,
            source: 'intake',
            sourceId: row.id,
          }),
        );
      }
      const intake = await this.load(m, clinicId, row.id);
      return { ...intake, flags: raised };
    });
  }

  async get(clinicId: string, id: string): Promise<IntakeDto> {
    return this.load(this.dataSource.manager, clinicId, id);
  }

  /** A patient's intakes, newest first (the first one governs). */
  async listForPatient(
    clinicId: string,
    patientId: string,
    q: ListIntakesQueryDto,
  ): Promise<Page<IntakeDto>> {
    return this.page([`i.clinic_id = $1`, `i.patient_id = $2`], [clinicId, patientId], q);
  }

  /** Intakes of the user's clinics; `eligibility=needs_review&reviewed=false` is the review queue. */
  async list(user: AuthUser, q: ListIntakesQueryDto): Promise<Page<IntakeDto>> {
    return this.page([`i.clinic_id = ANY($1::uuid[])`], [q.clinicId ? [q.clinicId] : user.clinicIds], q);
  }

  async review(clinicId: string, id: string, user: AuthUser, dto: ReviewIntakeDto): Promise<IntakeDto> {
    return this.dataSource.transaction(async (m) => {
      const [row]: { eligibility: string; review_decision: string | null }[] = await m.query(
        `SELECT eligibility, review_decision FROM intakes WHERE clinic_id = $1 AND id = $2 FOR UPDATE`,
        [clinicId, id],
      );
      if (!row) throw DomainError.notFound('intake');
      if (row.eligibility !== 'needs_review')
        throw DomainError.conflict(
          'INTAKE_NOT_REVIEWABLE',
          `The intake is ${row.eligibility}; only needs_review intakes are reviewed`,
          {
            eligibility: row.eligibility,
          },
        );
      if (row.review_decision)
        throw DomainError.conflict(
          'INTAKE_ALREADY_REVIEWED',
          `The intake was already ${row.review_decision}`,
          {
            decision: row.review_decision,
          },
        );
      await m.query(
        `UPDATE intakes SET review_decision = $3, review_comment = $4, reviewed_by = $5, reviewed_at = now()
          WHERE clinic_id = $1 AND id = $2`,
        [clinicId, id, dto.decision, dto.comment.trim(), user.id],
      );
      return this.load(m, clinicId, id);
    });
  }

  private async page(where: string[], params: unknown[], q: ListIntakesQueryDto): Promise<Page<IntakeDto>> {
    const conditions = [...where];
    if (q.eligibility) conditions.push(`i.eligibility = $${params.push(q.eligibility)}`);
    if (q.reviewed !== undefined)
      conditions.push(
        String(q.reviewed) === 'true' ? `i.review_decision IS NOT NULL` : `i.review_decision IS NULL`,
      );
    const cursor = decodeCursor(q.cursor);
    const sortKey = `to_char(i.performed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
    if (cursor) {
      params.push(cursor.sort, cursor.id);
      conditions.push(`(${sortKey}, i.id) < ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(q.limit + 1);
    const rows: { intake: IntakeDto; sort_key: string }[] = await this.dataSource.query(
      `SELECT ${INTAKE_JSON} AS intake, ${sortKey} AS sort_key FROM intakes i
        WHERE ${conditions.join(' AND ')} ORDER BY ${sortKey} DESC, i.id DESC LIMIT $${params.length}`,
      params,
    );
    return toPage(
      rows,
      q.limit,
      (r) => ({ sort: r.sort_key, id: r.intake.id }),
      (r) => r.intake,
    );
  }

  private async load(m: { query: DataSource['query'] }, clinicId: string, id: string): Promise<IntakeDto> {
    const rows: { intake: IntakeDto }[] = await m.query(
      `SELECT ${INTAKE_JSON} AS intake FROM intakes i WHERE i.clinic_id = $1 AND i.id = $2`,
      [clinicId, id],
    );
    if (!rows[0]) throw DomainError.notFound('intake');
    return rows[0].intake;
  }
}
