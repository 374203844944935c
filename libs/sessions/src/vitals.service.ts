import { Injectable } from '@nestjs/common';
import { AuthUser, DomainError, fieldError, PgError, pgErrorCode } from '@kap/core';
import { evaluateVitalsFlags, vitalsPlausibilityProblems } from '@kap/clinical-rules';
import { ClinicsService } from '@kap/identity';
import { FlagsService, READING_JSON } from '@kap/flags';
import type { FlagRef } from '@kap/flags';
import { DataSource } from 'typeorm';
import type { CreateVitalsDto } from './http/session.dto';
import { assertAction, assertRecordedTime, lockSession } from './session-guard';
import { EFFECTIVE_READING } from './session-sql';

/** Vitals: plausibility (400), then the flag table of §5 with the clinic's thresholds. Append-only. */
@Injectable()
export class VitalsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly flags: FlagsService,
    private readonly clinics: ClinicsService,
  ) {}

  async record(clinicId: string, sessionId: string, user: AuthUser, dto: CreateVitalsDto) {
    const problems = vitalsPlausibilityProblems(dto);
    if (problems.length)
      throw DomainError.badRequest('VALIDATION_FAILED', `Validation failed: ${problems[0].field}`, problems);
    const takenAt = new Date(dto.takenAt);
    const settings = await this.clinics.settingsOf(clinicId);
    return this.dataSource.transaction(async (m) => {
      const s = await lockSession(m, clinicId, sessionId);
      assertAction(s, 'record_vitals');
      assertRecordedTime('takenAt', takenAt, s);
      if (dto.replacesReadingId) {
        const target: unknown[] = await m.query(
          `SELECT 1 FROM vitals_readings WHERE id = $1 AND session_id = $2`,
          [dto.replacesReadingId, sessionId],
        );
        if (!target.length)
          throw fieldError('replacesReadingId', 'replacesReadingId must be a reading of this session');
      }
      // Baseline: the latest pre-dose reading taken before the first dose (corrections applied).
      const [context]: {
        predose: { systolic: number; diastolic: number } | null;
        after_first_dose: boolean;
      }[] = await m.query(
        `SELECT (SELECT json_build_object('systolic', r.systolic, 'diastolic', r.diastolic) FROM vitals_readings r
                    WHERE r.session_id = $1 AND r.phase = 'pre_dose' AND ${EFFECTIVE_READING('r')}
                      AND r.taken_at <= coalesce((SELECT min(administered_at) FROM doses WHERE session_id = $1), 'infinity')
                    ORDER BY r.taken_at DESC, r.created_at DESC LIMIT 1) AS predose,
                  EXISTS (SELECT 1 FROM doses WHERE session_id = $1 AND administered_at <= $2) AS after_first_dose`,
        [sessionId, takenAt],
      );
      let reading: Record<string, unknown> & { id: string };
      try {
        [{ reading }] = await m.query(
          `INSERT INTO vitals_readings (session_id, clinic_id, patient_id, taken_at, phase, systolic, diastolic, heart_rate,
                                        spo2, respiratory_rate, replaces_reading_id, recorded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${READING_JSON('vitals_readings')} AS reading`,
          [
            sessionId,
            clinicId,
            s.patient_id,
            takenAt,
            dto.phase,
            dto.systolic,
            dto.diastolic,
            dto.heartRate,
            dto.spo2 ?? null,
            dto.respiratoryRate ?? null,
            dto.replacesReadingId ?? null,
            user.id,
          ],
        );
      } catch (error) {
        if (pgErrorCode(error) === PgError.UniqueViolation)
          throw DomainError.conflict(
            'READING_ALREADY_CORRECTED',
            'That reading was already corrected: correct the correction',
          );
        throw error;
      }
      const matched = evaluateVitalsFlags(
        dto,
        { phase: dto.phase, predose: context.predose, afterFirstDose: context.after_first_dose },
        settings,
      );
      const flags: FlagRef[] = [];
      for (const f of matched) {
        flags.push(
          await this.flags.raise(m, {
            clinicId,
            patientId: s.patient_id,
            sessionId,
            code: f.code,
            severity: f.severity,
            blocksDosing: f.blocksDosing,
            source: 'vitals',
            sourceId: reading.id,
            readingId: reading.id,
          }),
        );
      }
      return { reading, flags };
    });
  }
}
