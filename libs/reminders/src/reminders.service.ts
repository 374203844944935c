import { Injectable } from '@nestjs/common';
import { decodeCursor, toPage } from '@kap/core';
import type { AuthUser, Page } from '@kap/core';
import { DataSource } from 'typeorm';
import type { ListRemindersQueryDto, ReminderDto, ReminderStatus } from './http/reminder.dto';

interface ReminderRow {
  id: string;
  clinic_id: string;
  patient_id: string;
  session_id: string | null;
  kind: string;
  channel: string;
  due_at: Date;
  status: ReminderStatus;
  status_reason: string | null;
  sent_at: Date | null;
  created_at: Date;
}

const toDto = (r: ReminderRow): ReminderDto => ({
  id: r.id,
  clinicId: r.clinic_id,
  patientId: r.patient_id,
  sessionId: r.session_id,
  kind: r.kind,
  channel: r.channel,
  dueAt: r.due_at.toISOString(),
  status: r.status,
  statusReason: r.status_reason,
  sentAt: r.sent_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
});

@Injectable()
export class RemindersService {
  constructor(private readonly dataSource: DataSource) {}

  /** By due time; limited to the user's clinics (a patient outside them was already answered 404). */
  async list(user: AuthUser, q: ListRemindersQueryDto): Promise<Page<ReminderDto>> {
    const params: unknown[] = [user.clinicIds];
    const where = ['clinic_id = ANY($1::uuid[])'];
    if (q.patientId) where.push(`patient_id = $${params.push(q.patientId)}`);
    if (q.status) where.push(`status = $${params.push(q.status)}`);
    const cursor = decodeCursor(q.cursor);
    if (cursor) {
      const s = params.push(cursor.sort);
      const i = params.push(cursor.id);
      where.push(`(due_at, id) > ($${s}::timestamptz, $${i}::uuid)`);
    }
    const limit = params.push(q.limit + 1);
    const rows: ReminderRow[] = await this.dataSource.query(
      `SELECT id, clinic_id, patient_id, session_id, kind, channel, due_at, status, status_reason, sent_at, created_at
         FROM reminders WHERE ${where.join(' AND ')} ORDER BY due_at, id LIMIT $${limit}`,
      params,
    );
    return toPage(rows, q.limit, (r) => ({ sort: r.due_at.toISOString(), id: r.id }), toDto);
  }
}
