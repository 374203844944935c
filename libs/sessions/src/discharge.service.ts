import { Injectable } from '@nestjs/common';
import { DomainError, DomainEvents } from '@kap/core';
import { observationMinutesFor, unmetDischargeCriteria } from '@kap/clinical-rules';
import type { VitalsPhase } from '@kap/clinical-rules';
import { ClinicsService } from '@kap/identity';
import { DataSource } from 'typeorm';
import type { CompleteSessionDto } from './http/session.dto';
import { assertAction, assertRecordedTime, lockSession } from './session-guard';
import { EFFECTIVE_READING } from './session-sql';
import { SessionsService } from './sessions.service';

interface DischargeFacts {
  first_dose_at: Date | null;
  last_reading: {
    phase: VitalsPhase;
    takenAt: string;
    systolic: number;
    diastolic: number;
    spo2: number | null;
  } | null;
  predose: { systolic: number; diastolic: number } | null;
  open_critical: string[];
}

/** Completing a session: every criterion of CLINICAL-RULES.md §6, else 409 naming each unmet one. */
@Injectable()
export class DischargeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clinics: ClinicsService,
    private readonly sessions: SessionsService,
    private readonly events: DomainEvents,
  ) {}

  async complete(clinicId: string, sessionId: string, dto: CompleteSessionDto) {
    const dischargedAt = new Date(dto.dischargedAt);
    const settings = await this.clinics.settingsOf(clinicId);
    return this.dataSource.transaction(async (m) => {
      const s = await lockSession(m, clinicId, sessionId);
      assertAction(s, 'complete');
      assertRecordedTime('dischargedAt', dischargedAt, s);
      const [facts]: DischargeFacts[] = await m.query(
        `SELECT (SELECT min(administered_at) FROM doses WHERE session_id = $1) AS first_dose_at,
                (SELECT json_build_object('phase', r.phase, 'takenAt', r.taken_at, 'systolic', r.systolic,
                                          'diastolic', r.diastolic, 'spo2', r.spo2)
                   FROM vitals_readings r WHERE r.session_id = $1 AND ${EFFECTIVE_READING('r')} AND r.taken_at <= $2
                  ORDER BY r.taken_at DESC, r.created_at DESC LIMIT 1) AS last_reading,
                (SELECT json_build_object('systolic', r.systolic, 'diastolic', r.diastolic) FROM vitals_readings r
                  WHERE r.session_id = $1 AND r.phase = 'pre_dose' AND ${EFFECTIVE_READING('r')}
                    AND r.taken_at <= coalesce((SELECT min(administered_at) FROM doses WHERE session_id = $1), 'infinity')
                  ORDER BY r.taken_at DESC, r.created_at DESC LIMIT 1) AS predose,
                ARRAY(SELECT code FROM flags WHERE session_id = $1 AND severity = 'critical' AND status <> 'resolved'
                       ORDER BY raised_at) AS open_critical`,
        [sessionId, dischargedAt],
      );
      const unmet = unmetDischargeCriteria({
        route: s.route,
        firstDoseAt: facts.first_dose_at,
        dischargedAt,
        lastReading: facts.last_reading && {
          ...facts.last_reading,
          takenAt: new Date(facts.last_reading.takenAt),
        },
        predose: facts.predose,
        openCriticalFlags: facts.open_critical,
        escortPresent: dto.escortPresent,
        settings,
      });
      if (unmet.length)
        throw DomainError.conflict(
          'DISCHARGE_CRITERIA_UNMET',
          `Discharge criteria unmet: ${unmet.map((u) => u.criterion).join(', ')}`,
          unmet,
        );
      const criteria = {
        observationMinutesRequired: observationMinutesFor(s.route, settings),
        firstDoseAt: facts.first_dose_at,
        lastReading: facts.last_reading,
        predose: facts.predose,
      };
      await m.query(
        `UPDATE dosing_sessions SET status = 'completed', completed_at = now(), discharged_at = $2, escort_present = $3,
                cadss_score = $4, discharge_criteria = $5, updated_at = now() WHERE id = $1`,
        [sessionId, dischargedAt, dto.escortPresent, dto.cadssScore ?? null, JSON.stringify(criteria)],
      );
      await this.events.emit(m, 'session.completed', {
        sessionId,
        patientId: s.patient_id,
        clinicId,
        completedAt: dischargedAt,
      });
      return this.sessions.view(clinicId, sessionId, m);
    });
  }
}
