import { Injectable } from '@nestjs/common';
import { AuthUser, decodeCursor, Page, toPage } from '@kap/core';
import { DataSource } from 'typeorm';
import type { AuditEventDto, ListAuditEventsQueryDto } from './http/audit-events.dto';

interface Row {
  seq: string;
  id: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  patient_id: string | null;
  clinic_id: string | null;
  request_id: string | null;
  outcome: string;
  status_code: number | null;
  details: Record<string, unknown>;
  hash: string;
}

@Injectable()
export class AuditQueryService {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first. A supervisor sees only events of their clinics; an admin sees all. */
  async list(user: AuthUser, q: ListAuditEventsQueryDto): Promise<Page<AuditEventDto>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (user.role !== 'admin') add('clinic_id = ANY(?::uuid[])', user.clinicIds);
    if (q.clinicId) add('clinic_id = ?', q.clinicId);
    if (q.patientId) add('patient_id = ?', q.patientId);
    if (q.actorId) add('actor_id = ?', q.actorId);
    if (q.from) add('occurred_at >= ?', q.from);
    if (q.to) add('occurred_at < ?', q.to);
    if (q.outcome) add('outcome = ?', q.outcome);
    const cursor = decodeCursor(q.cursor);
    if (cursor) add('seq < ?', cursor.sort);
    params.push(q.limit + 1);
    const rows: Row[] = await this.dataSource.query(
      `SELECT seq, id, occurred_at, actor_id, actor_role, action, resource_type, resource_id, patient_id, clinic_id,
              request_id, outcome, status_code, details, hash
         FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    return toPage(
      rows,
      q.limit,
      (r) => ({ sort: String(r.seq), id: r.id }),
      (r) => ({
        id: r.id,
        seq: String(r.seq),
        occurredAt: r.occurred_at.toISOString(),
        actorId: r.actor_id,
        actorRole: r.actor_role,
        action: r.action,
        resourceType: r.resource_type,
        resourceId: r.resource_id,
        patientId: r.patient_id,
        clinicId: r.clinic_id,
        requestId: r.request_id,
        outcome: r.outcome,
        statusCode: r.status_code,
        details: r.details,
        hash: r.hash,
      }),
    );
  }
}
