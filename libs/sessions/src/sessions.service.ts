import { Injectable } from '@nestjs/common';
import { AuthUser, decodeCursor, DomainError, DomainEvents, fieldError, Page, toPage } from '@kap/core';
import { doseLimitProblem } from '@kap/clinical-rules';
import { DataSource, EntityManager } from 'typeorm';
import type {
  CancelSessionDto,
  CreateSessionDto,
  ListSessionsQueryDto,
  ReasonDto,
  RescheduleSessionDto,
  SessionDto,
  SessionViewDto,
} from './http/session.dto';
import { assertAction, assertEligibleIntake, lockSession } from './session-guard';
import { HOLDING_FLAGS, SESSION_JSON, SESSION_VIEW_SQL } from './session-sql';

/** Dosing sessions: scheduling and the state machine of SPEC §2 (doses, vitals, discharge beside it). */
@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
  ) {}

  async create(
    clinicId: string,
    patientId: string,
    user: AuthUser,
    dto: CreateSessionDto,
  ): Promise<SessionDto> {
    const planned = doseLimitProblem({
      route: dto.route,
      doseMg: dto.plannedDoseMg,
      weightKg: dto.weightKg,
      priorSessionMg: 0,
    });
    if (planned) throw fieldError('plannedDoseMg', planned);
    return this.dataSource.transaction(async (m) => {
      // Session numbers are per patient: serialise the patient's scheduling.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('dosing_sessions'), hashtext($1))`, [patientId]);
      const intakeId = await assertEligibleIntake(m, clinicId, patientId);
      const [row]: { id: string; scheduled_at: Date }[] = await m.query(
        `INSERT INTO dosing_sessions (clinic_id, patient_id, intake_id, session_number, scheduled_at, route, planned_dose_mg,
                                      weight_kg, created_by)
         VALUES ($1, $2, $3, (SELECT coalesce(max(session_number), 0) + 1 FROM dosing_sessions WHERE patient_id = $2),
                 $4, $5, $6, $7, $8)
         RETURNING id, scheduled_at`,
        [
          clinicId,
          patientId,
          intakeId,
          new Date(dto.scheduledAt),
          dto.route,
          dto.plannedDoseMg,
          dto.weightKg,
          user.id,
        ],
      );
      await this.events.emit(m, 'session.scheduled', {
        sessionId: row.id,
        patientId,
        clinicId,
        scheduledAt: row.scheduled_at,
      });
      return this.summary(m, clinicId, row.id);
    });
  }

  async listForPatient(
    clinicId: string,
    patientId: string,
    q: ListSessionsQueryDto,
  ): Promise<Page<SessionDto>> {
    const params: unknown[] = [clinicId, patientId];
    const where = [`s.clinic_id = $1`, `s.patient_id = $2`];
    if (q.status) where.push(`s.status = $${params.push(q.status)}`);
    const cursor = decodeCursor(q.cursor);
    const sortKey = `lpad(s.session_number::text, 10, '0')`;
    if (cursor) {
      params.push(cursor.sort, cursor.id);
      where.push(`(${sortKey}, s.id) > ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(q.limit + 1);
    const rows: { session: SessionDto & { held: boolean }; sort_key: string }[] = await this.dataSource.query(
      `SELECT ${SESSION_JSON('s')}::jsonb || jsonb_build_object('held', EXISTS (${HOLDING_FLAGS('s.id', 's.hold_override_at')})) AS session,
              ${sortKey} AS sort_key
         FROM dosing_sessions s WHERE ${where.join(' AND ')} ORDER BY ${sortKey}, s.id LIMIT $${params.length}`,
      params,
    );
    return toPage(
      rows,
      q.limit,
      (r) => ({ sort: r.sort_key, id: r.session.id }),
      (r) => r.session,
    );
  }

  async view(
    clinicId: string,
    id: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<SessionViewDto> {
    const rows: { session: SessionViewDto }[] = await m.query(SESSION_VIEW_SQL, [clinicId, id]);
    if (!rows[0]) throw DomainError.notFound('session');
    return rows[0].session;
  }

  async reschedule(clinicId: string, id: string, dto: RescheduleSessionDto): Promise<SessionViewDto> {
    return this.dataSource.transaction(async (m) => {
      const s = await lockSession(m, clinicId, id);
      assertAction(s, 'reschedule');
      const scheduledAt = new Date(dto.scheduledAt);
      await m.query(`UPDATE dosing_sessions SET scheduled_at = $2, updated_at = now() WHERE id = $1`, [
        id,
        scheduledAt,
      ]);
      await this.events.emit(m, 'session.rescheduled', {
        sessionId: id,
        patientId: s.patient_id,
        clinicId,
        scheduledAt,
      });
      return this.view(clinicId, id, m);
    });
  }

  /** Before dosing only; its reminders are cancelled by the listeners of `session.cancelled`. */
  async cancel(clinicId: string, id: string, dto: CancelSessionDto): Promise<SessionViewDto> {
    return this.dataSource.transaction(async (m) => {
      const s = await lockSession(m, clinicId, id);
      assertAction(s, 'cancel');
      await m.query(
        `UPDATE dosing_sessions SET status = 'cancelled', cancelled_at = now(), cancel_reason = $2, updated_at = now() WHERE id = $1`,
        [id, dto.reason?.trim() || null],
      );
      await this.events.emit(m, 'session.cancelled', { sessionId: id, patientId: s.patient_id, clinicId });
      return this.view(clinicId, id, m);
    });
  }

  /** After dosing began, with a reason. */
  async abort(clinicId: string, id: string, dto: ReasonDto): Promise<SessionViewDto> {
    return this.dataSource.transaction(async (m) => {
      const s = await lockSession(m, clinicId, id);
      assertAction(s, 'abort');
      await m.query(
        `UPDATE dosing_sessions SET status = 'aborted', aborted_at = now(), abort_reason = $2, updated_at = now() WHERE id = $1`,
        [id, dto.reason.trim()],
      );
      return this.view(clinicId, id, m);
    });
  }

  /**
   * A supervisor lifts the hold of the blocking flags open now, with a reason. A blocking flag raised
   * later holds the session again. With nothing on hold there is nothing to override (409).
   */
  async overrideHold(clinicId: string, id: string, user: AuthUser, dto: ReasonDto): Promise<SessionViewDto> {
    return this.dataSource.transaction(async (m) => {
      const s = await lockSession(m, clinicId, id);
      assertAction(s, 'hold_override');
      const holding: { id: string; code: string }[] = await m.query(
        HOLDING_FLAGS('$1::uuid', '$2::timestamptz'),
        [id, s.hold_override_at],
      );
      if (!holding.length)
        throw DomainError.conflict(
          'NO_HOLD',
          'The session is not held: there is no blocking flag to override',
        );
      await m.query(
        `UPDATE dosing_sessions SET hold_override_by = $2, hold_override_at = clock_timestamp(), hold_override_reason = $3,
                updated_at = now() WHERE id = $1`,
        [id, user.id, dto.reason.trim()],
      );
      return this.view(clinicId, id, m);
    });
  }

  private async summary(m: EntityManager, clinicId: string, id: string): Promise<SessionDto> {
    const [row]: { session: SessionDto }[] = await m.query(
      `SELECT ${SESSION_JSON('s')} AS session FROM dosing_sessions s WHERE s.clinic_id = $1 AND s.id = $2`,
      [clinicId, id],
    );
    return row.session;
  }
}
