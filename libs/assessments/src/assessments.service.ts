import { Injectable } from '@nestjs/common';
import { fieldError } from '@kap/core';
import {
  answersProblem,
  INSTRUMENTS,
  item9Flag,
  recordingTimeProblem,
  scoreAssessment,
} from '@kap/clinical-rules';
import type { Instrument, Severity } from '@kap/clinical-rules';
import { FlagsService } from '@kap/flags';
import type { FlagRef } from '@kap/flags';
import type { EntityManager } from 'typeorm';

export type AssessmentContext = 'intake' | 'pre_session' | 'follow_up';
export const ASSESSMENT_CONTEXTS: readonly AssessmentContext[] = ['intake', 'pre_session', 'follow_up'];

export interface RecordAssessmentInput {
  clinicId: string;
  patientId: string;
  instrument: Instrument;
  answers: number[];
  administeredAt: Date;
  context: AssessmentContext;
  sessionId?: string | null;
  intakeId?: string | null;
  createdBy: string;
  /** Field prefix for 400s (`phq9` when the answers came in an intake body). */
  field?: string;
}

export interface RecordedAssessment {
  id: string;
  totalScore: number;
  severity: Severity;
  flags: FlagRef[];
}

/**
 * Scores a PHQ-9 or GAD-7 with the rules, stores it and raises PHQ9_ITEM9_POSITIVE, all inside the
 * caller's transaction (an intake stores its questionnaires with itself, or nothing at all).
 */
@Injectable()
export class AssessmentsService {
  constructor(private readonly flags: FlagsService) {}

  async record(manager: EntityManager, input: RecordAssessmentInput): Promise<RecordedAssessment> {
    const field = input.field ?? 'answers';
    if (!INSTRUMENTS.includes(input.instrument))
      throw fieldError('instrument', `instrument must be one of ${INSTRUMENTS.join(', ')}`);
    const problem = answersProblem(input.instrument, input.answers);
    if (problem) throw fieldError(field, problem);
    const timeProblem = recordingTimeProblem('administeredAt', input.administeredAt, new Date());
    if (timeProblem) throw fieldError('administeredAt', timeProblem);
    if (input.sessionId) {
      const found: unknown[] = await manager.query(
        `SELECT 1 FROM dosing_sessions WHERE id = $1 AND patient_id = $2 AND clinic_id = $3`,
        [input.sessionId, input.patientId, input.clinicId],
      );
      if (!found.length) throw fieldError('sessionId', "sessionId must be one of this patient's sessions");
    }
    const score = scoreAssessment(input.instrument, input.answers);
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO assessments (clinic_id, patient_id, instrument, answers, total_score, severity, item9,
                                administered_at, context, session_id, intake_id, created_by)
       VALUES ($1, $2, $3, $4::smallint[], $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        input.clinicId,
        input.patientId,
        input.instrument,
        input.answers,
        score.totalScore,
        score.severity,
        score.item9,
        input.administeredAt,
        input.context,
        input.sessionId ?? null,
        input.intakeId ?? null,
        input.createdBy,
      ],
    );
    const flags: FlagRef[] = [];
    const flag = item9Flag(score.item9);
    if (flag) {
      flags.push(
        await this.flags.raise(manager, {
          clinicId: input.clinicId,
          patientId: input.patientId,
          sessionId: input.sessionId ?? null,
          code: flag.code,
          severity: flag.severity,
          blocksDosing: flag.blocksDosing,
          source: 'assessment',
          sourceId: row.id,
        }),
      );
    }
    return { id: row.id, totalScore: score.totalScore, severity: score.severity, flags };
  }
}
