import { Injectable } from '@nestjs/common';
import { decodeCursor, Page, toPage } from '@kap/core';
import { noteTitle } from '@kap/notes';
import type { NoteFormat } from '@kap/notes';
import { DataSource } from 'typeorm';
import type { TimelineItemDto, TimelineQueryDto } from './http/timeline.dto';
import { isoSql, sortKeySql } from './sql-time';

type Row = Omit<TimelineItemDto, 'title'> & { sort_key: string; at_ts: Date };

const FLAG_JSON = `jsonb_build_object('id', f.id, 'code', f.code, 'severity', f.severity, 'status', f.status,
  'blocksDosing', f.blocks_dosing, 'raisedAt', ${isoSql('f.raised_at')})`;

/**
 * The patient's course in one list: intakes, sessions with their flags, assessments with the flags they
 * raised, and notes (format and status, never their text), ordered by time in SQL and keyset-paginated.
 * A session stands at its start, or its scheduled time before it starts.
 */
const UNION = `
  SELECT 'intake' AS kind, i.id, i.performed_at AS at_ts, NULL::uuid AS "sessionId",
         coalesce(i.review_decision, i.eligibility) AS status,
         jsonb_build_object('eligibility', i.eligibility, 'reviewDecision', i.review_decision,
                            'cssrsRisk', i.cssrs_risk) AS details,
         '[]'::jsonb AS flags
    FROM intakes i WHERE i.clinic_id = $1 AND i.patient_id = $2
  UNION ALL
  SELECT 'session', s.id, coalesce(s.started_at, s.scheduled_at), s.id, s.status,
         jsonb_build_object('sessionNumber', s.session_number, 'route', s.route,
                            'plannedDoseMg', s.planned_dose_mg::float8, 'scheduledAt', ${isoSql('s.scheduled_at')},
                            'startedAt', ${isoSql('s.started_at')}, 'completedAt', ${isoSql('s.completed_at')}),
         coalesce((SELECT jsonb_agg(${FLAG_JSON} ORDER BY f.raised_at, f.id) FROM flags f WHERE f.session_id = s.id),
                  '[]'::jsonb)
    FROM dosing_sessions s WHERE s.clinic_id = $1 AND s.patient_id = $2
  UNION ALL
  SELECT 'assessment', a.id, a.administered_at, a.session_id, a.severity,
         jsonb_build_object('instrument', a.instrument, 'totalScore', a.total_score, 'severity', a.severity,
                            'context', a.context),
         coalesce((SELECT jsonb_agg(${FLAG_JSON} ORDER BY f.raised_at, f.id) FROM flags f
                    WHERE f.source = 'assessment' AND f.source_id = a.id), '[]'::jsonb)
    FROM assessments a WHERE a.clinic_id = $1 AND a.patient_id = $2
  UNION ALL
  SELECT 'note', n.id, n.created_at, n.session_id, n.status,
         jsonb_build_object('format', n.format, 'authorId', n.author_id, 'signedAt', ${isoSql('n.signed_at')},
                            'addendaCount', (SELECT count(*) FROM note_addenda na WHERE na.note_id = n.id)),
         '[]'::jsonb
    FROM notes n WHERE n.clinic_id = $1 AND n.patient_id = $2`;

function title(r: Row): string {
  const d = r.details as Record<string, unknown>;
  switch (r.kind) {
    case 'intake':
      return `Intake screening: ${String(d.eligibility).replace('_', ' ')}${d.reviewDecision ? ` (${String(d.reviewDecision)})` : ''}`;
    case 'session':
      return `Dosing session ${String(d.sessionNumber)} (${String(d.route)}, ${String(d.plannedDoseMg)} mg)`;
    case 'assessment':
      return `${d.instrument === 'PHQ9' ? 'PHQ-9' : 'GAD-7'} ${String(d.totalScore)} (${String(d.severity).replace('_', ' ')})`;
    case 'note':
      return noteTitle(d.format as NoteFormat);
  }
}

@Injectable()
export class TimelineService {
  constructor(private readonly dataSource: DataSource) {}

  async forPatient(clinicId: string, patientId: string, q: TimelineQueryDto): Promise<Page<TimelineItemDto>> {
    const desc = q.order !== 'asc';
    const params: unknown[] = [clinicId, patientId];
    const where: string[] = [];
    if (q.kind?.length) where.push(`t.kind = ANY($${params.push(q.kind)}::text[])`);
    const cursor = decodeCursor(q.cursor);
    if (cursor) {
      params.push(cursor.sort, cursor.id);
      where.push(
        `(t.at_ts, t.id) ${desc ? '<' : '>'} ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    params.push(q.limit + 1);
    const dir = desc ? 'DESC' : 'ASC';
    const rows: Row[] = await this.dataSource.query(
      `SELECT t.kind, t.id, ${isoSql('t.at_ts')} AS at, t.at_ts, ${sortKeySql('t.at_ts')} AS sort_key,
              t."sessionId", t.status, t.details, t.flags
         FROM (${UNION}) t
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY t.at_ts ${dir}, t.id ${dir} LIMIT $${params.length}`,
      params,
    );
    return toPage(
      rows,
      q.limit,
      (r) => ({ sort: r.sort_key, id: r.id }),
      (r) => {
        const { sort_key: _sort, at_ts: _at, ...item } = r;
        return { ...item, title: title(r) };
      },
    );
  }
}
