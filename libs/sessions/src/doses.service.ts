import { Injectable } from '@nestjs/common';
import { AuthUser, DomainError, DomainEvents, fieldError } from '@kap/core';
import {
  aboveUsualRange,
  DOSE_ABOVE_USUAL_RANGE,
  doseLimitProblem,
  mgPerKg,
  PREDOSE_READING_MAX_AGE_MINUTES,
} from '@kap/clinical-rules';
import { FlagsService } from '@kap/flags';
import type { FlagRef } from '@kap/flags';
import { DataSource } from 'typeorm';
import type { CreateDoseDto } from './http/session.dto';
import { assertAction, assertEligibleIntake, assertRecordedTime, lockSession } from './session-guard';
import { DOSE_JSON, EFFECTIVE_READING, HOLDING_FLAGS } from './session-sql';

/** A dose: on the locked session, never while held, never without a fresh pre-dose reading (SPEC §2, rules §7). */
@Injectable()
export class DosesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly flags: FlagsService,
    private readonly events: DomainEvents,
  ) {}

  async record(clinicId: string, sessionId: string, user: AuthUser, dto: CreateDoseDto) {
    const administeredAt = new Date(dto.administeredAt);
    return this.dataSource.transaction(async (m) => {
      const s = await lockSession(m, clinicId, sessionId);
      assertAction(s, 'dose');
      assertRecordedTime('administeredAt', administeredAt, s);
      const route = dto.route ?? s.route;
      if (route !== s.route) throw fieldError('route', `route must be the session's route (${s.route})`);
      await assertEligibleIntake(m, clinicId, s.patient_id);

      const weightKg = Number(s.weight_kg);
      const [{ prior_mg }]: { prior_mg: number }[] = await m.query(
        `SELECT coalesce(sum(dose_mg), 0)::float8 AS prior_mg FROM doses WHERE session_id = $1`,
        [sessionId],
      );
      const dose = { route, doseMg: dto.doseMg, weightKg, priorSessionMg: prior_mg };
      const limit = doseLimitProblem(dose);
      if (limit) throw fieldError('doseMg', limit);

      const holding: { id: string; code: string }[] = await m.query(
        HOLDING_FLAGS('$1::uuid', '$2::timestamptz'),
        [sessionId, s.hold_override_at],
      );
      if (holding.length)
        throw DomainError.conflict(
          'SESSION_HELD',
          `Dosing is on hold (${holding.map((f) => f.code).join(', ')}): a supervisor must resolve the flag or override the hold with a reason`,
          { flags: holding },
        );
      const fresh: unknown[] = await m.query(
        `SELECT 1 FROM vitals_readings r WHERE r.session_id = $1 AND r.phase = 'pre_dose' AND ${EFFECTIVE_READING('r')}
            AND r.taken_at <= $2 AND r.taken_at >= $2::timestamptz - make_interval(mins => $3) LIMIT 1`,
        [sessionId, administeredAt, PREDOSE_READING_MAX_AGE_MINUTES],
      );
      if (!fresh.length)
        throw DomainError.conflict(
          'PREDOSE_VITALS_REQUIRED',
          `A pre_dose reading in the ${PREDOSE_READING_MAX_AGE_MINUTES} minutes before the dose is required`,
          { maxAgeMinutes: PREDOSE_READING_MAX_AGE_MINUTES },
        );

      const [{ first_ever }]: { first_ever: boolean }[] = await m.query(
        `SELECT NOT EXISTS (SELECT 1 FROM doses WHERE patient_id = $1) AS first_ever`,
        [s.patient_id],
      );
      const [row]: { dose: Record<string, unknown> & { id: string } }[] = await m.query(
        `INSERT INTO doses (session_id, clinic_id, patient_id, administered_at, dose_mg, dose_mg_per_kg, route, lot_number, given_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${DOSE_JSON('doses')} AS dose`,
        [
          sessionId,
          clinicId,
          s.patient_id,
          administeredAt,
          dto.doseMg,
          mgPerKg(dto.doseMg, weightKg),
          route,
          dto.lotNumber ?? null,
          user.id,
        ],
      );
      await m.query(
        `UPDATE dosing_sessions SET status = 'in_progress', updated_at = now(),
                started_at = LEAST(coalesce(started_at, $2), $2) WHERE id = $1`,
        [sessionId, administeredAt],
      );
      const flags: FlagRef[] = [];
      if (aboveUsualRange(dose)) {
        flags.push(
          await this.flags.raise(m, {
            clinicId,
            patientId: s.patient_id,
            sessionId,
            code: DOSE_ABOVE_USUAL_RANGE.code,
            severity: DOSE_ABOVE_USUAL_RANGE.severity,
            blocksDosing: DOSE_ABOVE_USUAL_RANGE.blocksDosing,
            source: 'dose',
            sourceId: row.dose.id,
          }),
        );
      }
      if (first_ever)
        await this.events.emit(m, 'patient.first_dose', {
          patientId: s.patient_id,
          clinicId,
          sessionId,
          administeredAt,
        });
      return { ...row.dose, flags };
    });
  }
}
