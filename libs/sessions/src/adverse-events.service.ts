import { Injectable } from '@nestjs/common';
import { AuthUser } from '@kap/core';
import { FlagsService } from '@kap/flags';
import type { FlagRef } from '@kap/flags';
import { DataSource } from 'typeorm';
import type { CreateAdverseEventDto } from './http/session.dto';
import { assertAction, assertRecordedTime, lockSession } from './session-guard';
import { ADVERSE_EVENT_JSON } from './session-sql';

/** A severe adverse event raises a critical flag that holds further dosing until resolved (SPEC §2). */
export const SEVERE_ADVERSE_EVENT_FLAG = {
  code: 'ADVERSE_EVENT_SEVERE',
  severity: 'critical' as const,
  blocksDosing: true,
  source: 'SPEC §2: an adverse event of severity severe raises a flag',
};

@Injectable()
export class AdverseEventsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly flags: FlagsService,
  ) {}

  async record(clinicId: string, sessionId: string, user: AuthUser, dto: CreateAdverseEventDto) {
    const occurredAt = new Date(dto.occurredAt);
    return this.dataSource.transaction(async (m) => {
      const s = await lockSession(m, clinicId, sessionId);
      assertAction(s, 'adverse_event');
      assertRecordedTime('occurredAt', occurredAt, s);
      const [{ event }]: { event: Record<string, unknown> & { id: string } }[] = await m.query(
        `INSERT INTO adverse_events (session_id, clinic_id, patient_id, occurred_at, kind, severity, description, action_taken, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${ADVERSE_EVENT_JSON('adverse_events')} AS event`,
        [
          sessionId,
          clinicId,
          s.patient_id,
          occurredAt,
          dto.kind,
          dto.severity,
          dto.description?.trim() || null,
          dto.actionTaken?.trim() || null,
          user.id,
        ],
      );
      const flags: FlagRef[] = [];
      if (dto.severity === 'severe') {
        flags.push(
          await this.flags.raise(m, {
            clinicId,
            patientId: s.patient_id,
            sessionId,
            code: SEVERE_ADVERSE_EVENT_FLAG.code,
            severity: SEVERE_ADVERSE_EVENT_FLAG.severity,
            blocksDosing: SEVERE_ADVERSE_EVENT_FLAG.blocksDosing,
            source: 'adverse_event',
            sourceId: event.id,
          }),
        );
      }
      return { ...event, flags };
    });
  }
}
