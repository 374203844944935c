import { Injectable } from '@nestjs/common';
import {
  AuthUser,
  decodeCursor,
  DomainError,
  DomainEvents,
  JobName,
  OutboxService,
  Page,
  toPage,
} from '@kap/core';
import { ClinicsService } from '@kap/identity';
import { DataSource, EntityManager } from 'typeorm';
import { FLAG_JSON, SEVERITY_RANK, STATUS_RANK } from './flag-sql';
import type { FlagRef, FlagSeverity, FlagStatus, RaiseFlagInput } from './flag.types';
import type { FlagDto, ListFlagsQueryDto } from './http/flag.dto';

const RANK: Record<FlagSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** Queue order as one text key (open first, critical first, newest first), so a cursor can resume it. */
const SORT_KEY = `((${STATUS_RANK})::text || (${SEVERITY_RANK})::text
  || lpad((9999999999999 - floor(extract(epoch FROM f.raised_at) * 1000))::bigint::text, 13, '0')) COLLATE "C"`;

export const escalationJobId = (flagId: string) => `FlagEscalate-${flagId}`;

/**
 * Flags are raised by rules, never by hand. One unresolved flag per session and code: a new fact
 * joins it (its reading is linked, its severity may only rise). A critical flag schedules its
 * escalation through the outbox in the same transaction.
 */
@Injectable()
export class FlagsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly events: DomainEvents,
    private readonly clinics: ClinicsService,
  ) {}

  async raise(manager: EntityManager, input: RaiseFlagInput): Promise<FlagRef> {
    const params = [
      input.clinicId,
      input.patientId,
      input.sessionId,
      input.code,
      input.severity,
      input.blocksDosing,
      input.source,
      input.sourceId ?? null,
    ];
    const insert = `INSERT INTO flags (clinic_id, patient_id, session_id, code, severity, blocks_dosing, source, source_id,
                                       raised_at, last_raised_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, clock_timestamp(), clock_timestamp())`;
    const returning = `RETURNING id, code, severity, blocks_dosing, status, (xmax = 0) AS inserted`;
    const rows: {
      id: string;
      code: string;
      severity: FlagSeverity;
      blocks_dosing: boolean;
      status: FlagStatus;
      inserted: boolean;
      previous_severity?: FlagSeverity | null;
    }[] = input.sessionId
      ? await manager.query(
          `WITH prev AS (SELECT severity FROM flags WHERE session_id = $3 AND code = $4 AND status <> 'resolved')
           ${insert}
           ON CONFLICT (session_id, code) WHERE status <> 'resolved' AND session_id IS NOT NULL DO UPDATE SET
             last_raised_at = clock_timestamp(),
             severity = CASE WHEN ${rankOf('EXCLUDED.severity')} > ${rankOf('flags.severity')}
                             THEN EXCLUDED.severity ELSE flags.severity END,
             blocks_dosing = flags.blocks_dosing OR EXCLUDED.blocks_dosing
           ${returning}, (SELECT severity FROM prev) AS previous_severity`,
          params,
        )
      : await manager.query(`${insert} ${returning}`, params);
    const row = rows[0];
    if (input.readingId) {
      await manager.query(
        `INSERT INTO flag_readings (flag_id, reading_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [row.id, input.readingId],
      );
    }
    const becameCritical =
      row.severity === 'critical' &&
      (row.inserted || (row.previous_severity && RANK[row.previous_severity] < RANK.critical));
    if (becameCritical) {
      const { escalationDelaySeconds } = await this.clinics.settingsOf(input.clinicId);
      await this.outbox.enqueue(manager, {
        name: JobName.FlagEscalate,
        jobId: escalationJobId(row.id),
        payload: { flagId: row.id },
        runAt: new Date(Date.now() + escalationDelaySeconds * 1000),
      });
    }
    if (row.inserted) {
      await this.events.emit(manager, 'flag.raised', {
        flagId: row.id,
        clinicId: input.clinicId,
        patientId: input.patientId,
        sessionId: input.sessionId,
        severity: row.severity,
      });
    }
    return {
      id: row.id,
      code: row.code,
      severity: row.severity,
      blocksDosing: row.blocks_dosing,
      status: row.status,
      joined: !row.inserted,
    };
  }

  /** The review queue: open first, critical first, newest first. */
  async list(user: AuthUser, q: ListFlagsQueryDto): Promise<Page<FlagDto>> {
    const params: unknown[] = [q.clinicId ? [q.clinicId] : user.clinicIds];
    const where = [`f.clinic_id = ANY($1::uuid[])`];
    const add = (sql: string, value: unknown) => where.push(sql.replace('?', `$${params.push(value)}`));
    if (q.status) add(`f.status = ?`, q.status);
    if (q.severity) add(`f.severity = ?`, q.severity);
    if (q.patientId) add(`f.patient_id = ?`, q.patientId);
    if (q.sessionId) add(`f.session_id = ?`, q.sessionId);
    if (q.code) add(`f.code = ?`, q.code);
    const cursor = decodeCursor(q.cursor);
    if (cursor) {
      params.push(cursor.sort, cursor.id);
      where.push(`(${SORT_KEY}, f.id) > ($${params.length - 1} COLLATE "C", $${params.length}::uuid)`);
    }
    params.push(q.limit + 1);
    const rows: { flag: FlagDto; sort_key: string }[] = await this.dataSource.query(
      `SELECT ${FLAG_JSON('f')} AS flag, ${SORT_KEY} AS sort_key FROM flags f
        WHERE ${where.join(' AND ')} ORDER BY ${SORT_KEY}, f.id LIMIT $${params.length}`,
      params,
    );
    return toPage(
      rows,
      q.limit,
      (r) => ({ sort: r.sort_key, id: r.flag.id }),
      (r) => r.flag,
    );
  }

  async get(
    clinicId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<FlagDto> {
    const rows: { flag: FlagDto }[] = await manager.query(
      `SELECT ${FLAG_JSON('f')} AS flag FROM flags f WHERE f.clinic_id = $1 AND f.id = $2`,
      [clinicId, id],
    );
    if (!rows[0]) throw DomainError.notFound('flag');
    return rows[0].flag;
  }

  /** A supervisor has seen it: no escalation after this. Only an open flag can be acknowledged. */
  async acknowledge(clinicId: string, id: string, user: AuthUser, comment: string | null): Promise<FlagDto> {
    return this.dataSource.transaction(async (m) => {
      const status = await this.lockStatus(m, clinicId, id);
      if (status !== 'open')
        throw DomainError.conflict(
          'FLAG_NOT_OPEN',
          `The flag is ${status}; only an open flag can be acknowledged`,
          {
            status,
          },
        );
      await m.query(
        `UPDATE flags SET status = 'acknowledged', acknowledged_by = $3, acknowledged_at = now(), acknowledged_comment = $4
          WHERE clinic_id = $1 AND id = $2`,
        [clinicId, id, user.id, comment],
      );
      return this.get(clinicId, id, m);
    });
  }

  /** Closes the flag (an open one is acknowledged by the same act); its hold, if any, is lifted. */
  async resolve(clinicId: string, id: string, user: AuthUser, comment: string): Promise<FlagDto> {
    return this.dataSource.transaction(async (m) => {
      const status = await this.lockStatus(m, clinicId, id);
      if (status === 'resolved')
        throw DomainError.conflict('FLAG_RESOLVED', 'The flag is already resolved', { status });
      await m.query(
        `UPDATE flags SET status = 'resolved', resolved_by = $3, resolved_at = now(), resolved_comment = $4,
                acknowledged_by = coalesce(acknowledged_by, $3), acknowledged_at = coalesce(acknowledged_at, now())
          WHERE clinic_id = $1 AND id = $2`,
        [clinicId, id, user.id, comment],
      );
      return this.get(clinicId, id, m);
    });
  }

  private async lockStatus(m: EntityManager, clinicId: string, id: string): Promise<FlagStatus> {
    const rows: { status: FlagStatus }[] = await m.query(
      `SELECT status FROM flags WHERE clinic_id = $1 AND id = $2 FOR UPDATE`,
      [clinicId, id],
    );
    if (!rows[0]) throw DomainError.notFound('flag');
    return rows[0].status;
  }
}

function rankOf(column: string): string {
  return `(CASE ${column} WHEN 'critical' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END)`;
}
