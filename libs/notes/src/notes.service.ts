import { Injectable } from '@nestjs/common';
import { AuthUser, decodeCursor, DomainError, fieldError, Page, PageQueryDto, toPage } from '@kap/core';
import { DataSource, EntityManager } from 'typeorm';
import { blankSections, checkNoteContent, NoteContent, NoteFormat, signedNoteHash } from './note-content';
import type {
  AddendumDto,
  CreateAddendumDto,
  CreateNoteDto,
  NoteDto,
  NoteSummaryDto,
  UpdateNoteDto,
} from './http/note.dto';

interface NoteRow {
  id: string;
  clinic_id: string;
  patient_id: string;
  session_id: string | null;
  author_id: string;
  format: NoteFormat;
  content: NoteContent;
  status: 'draft' | 'signed';
  signed_at: Date | null;
  signed_by: string | null;
  content_hash: string | null;
  created_at: Date;
  updated_at: Date;
  addenda_count?: number;
  sort_key?: string;
}

interface AddendumRow {
  id: string;
  note_id: string;
  author_id: string;
  text: string;
  created_at: Date;
}

const COLUMNS = `id, clinic_id, patient_id, session_id, author_id, format, content, status, signed_at, signed_by,
  content_hash, created_at, updated_at`;

export function noteTitle(format: NoteFormat): string {
  return `${format} integration note`;
}

function fields(r: NoteRow) {
  return {
    id: r.id,
    clinicId: r.clinic_id,
    patientId: r.patient_id,
    sessionId: r.session_id,
    authorId: r.author_id,
    format: r.format,
    status: r.status,
    signedAt: r.signed_at?.toISOString() ?? null,
    signedBy: r.signed_by,
    contentHash: r.content_hash,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

function toAddendumDto(a: AddendumRow): AddendumDto {
  return {
    id: a.id,
    noteId: a.note_id,
    authorId: a.author_id,
    text: a.text,
    createdAt: a.created_at.toISOString(),
  };
}

/**
 * Whether the stored hash still matches the stored note (null for a draft). The trigger stops any
 * change through SQL; this catches one made around it (a table owner disabling the trigger).
 */
function verifyHash(r: NoteRow): boolean | null {
  if (r.status !== 'signed' || !r.signed_by || !r.signed_at) return null;
  return (
    signedNoteHash({
      id: r.id,
      patientId: r.patient_id,
      sessionId: r.session_id,
      format: r.format,
      content: r.content,
      signedBy: r.signed_by,
      signedAt: r.signed_at,
    }) === r.content_hash
  );
}

function assertContent(format: NoteFormat, content: unknown): asserts content is NoteContent {
  const problems = checkNoteContent(format, content);
  if (problems.length)
    throw DomainError.badRequest(
      'VALIDATION_FAILED',
      `Validation failed: ${problems.map((p) => p.field).join(', ')}`,
      problems,
    );
}

/**
 * Integration therapy notes: drafts edited by their author, signed once by that author (SHA-256 of the
 * canonical note, signer and time), then frozen (the database refuses any change) and corrected by
 * addenda only. Every query names the clinic; the scope gate has already checked it is the user's.
 */
@Injectable()
export class NotesService {
  constructor(private readonly dataSource: DataSource) {}

  async create(clinicId: string, patientId: string, user: AuthUser, dto: CreateNoteDto): Promise<NoteDto> {
    assertContent(dto.format, dto.content);
    return this.dataSource.transaction(async (m) => {
      if (dto.sessionId) await this.assertSession(m, clinicId, patientId, dto.sessionId);
      const [row]: NoteRow[] = await m.query(
        `INSERT INTO notes (clinic_id, patient_id, session_id, author_id, format, content)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [clinicId, patientId, dto.sessionId ?? null, user.id, dto.format, dto.content],
      );
      return { ...fields(row), content: row.content, contentHashVerified: null, addenda: [] };
    });
  }

  async get(clinicId: string, id: string): Promise<NoteDto> {
    return this.read(this.dataSource.manager, clinicId, id);
  }

  /** A patient's notes, newest first, without their text. */
  async list(clinicId: string, patientId: string, q: PageQueryDto): Promise<Page<NoteSummaryDto>> {
    const params: unknown[] = [clinicId, patientId];
    let after = '';
    const cursor = decodeCursor(q.cursor);
    if (cursor) {
      params.push(cursor.sort, cursor.id);
      after = `AND (n.created_at, n.id) < ($3::timestamptz, $4::uuid)`;
    }
    params.push(q.limit + 1);
    const rows: NoteRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS.replace(/(\w+)/g, 'n.$1')},
              (SELECT count(*) FROM note_addenda a WHERE a.note_id = n.id)::int AS addenda_count,
              to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key
         FROM notes n
        WHERE n.clinic_id = $1 AND n.patient_id = $2 ${after}
        ORDER BY n.created_at DESC, n.id DESC LIMIT $${params.length}`,
      params,
    );
    return toPage(
      rows,
      q.limit,
      // PostgreSQL keeps microseconds: the cursor must too, or rows within one millisecond are skipped.
      (r) => ({ sort: r.sort_key!, id: r.id }),
      (r) => ({ ...fields(r), title: noteTitle(r.format), addendaCount: r.addenda_count ?? 0 }),
    );
  }

  async update(clinicId: string, id: string, user: AuthUser, dto: UpdateNoteDto): Promise<NoteDto> {
    return this.dataSource.transaction(async (m) => {
      const note = await this.lockForAuthor(m, clinicId, id, user, 'edits');
      const sets: string[] = [];
      const params: unknown[] = [clinicId, id];
      if (dto.content !== undefined) {
        assertContent(note.format, dto.content);
        sets.push(`content = $${params.push(dto.content)}`);
      }
      if (dto.sessionId !== undefined) {
        if (dto.sessionId !== null) await this.assertSession(m, clinicId, note.patient_id, dto.sessionId);
        sets.push(`session_id = $${params.push(dto.sessionId)}`);
      }
      if (sets.length)
        await m.query(
          `UPDATE notes SET ${sets.join(', ')}, updated_at = now() WHERE clinic_id = $1 AND id = $2`,
          params,
        );
      return this.read(m, clinicId, id);
    });
  }

  async sign(clinicId: string, id: string, user: AuthUser, now = new Date()): Promise<NoteDto> {
    return this.dataSource.transaction(async (m) => {
      const note = await this.lockForAuthor(m, clinicId, id, user, 'signs');
      const blank = blankSections(note.format, note.content);
      if (blank.length)
        throw DomainError.conflict('NOTE_INCOMPLETE', 'Every section must be written before signing', {
          sections: blank.map((s) => `content.${s}`),
        });
      const contentHash = signedNoteHash({
        id: note.id,
        patientId: note.patient_id,
        sessionId: note.session_id,
        format: note.format,
        content: note.content,
        signedBy: user.id,
        signedAt: now,
      });
      await m.query(
        `UPDATE notes SET status = 'signed', signed_at = $3, signed_by = $4, content_hash = $5, updated_at = $3
          WHERE clinic_id = $1 AND id = $2`,
        [clinicId, id, now, user.id, contentHash],
      );
      return this.read(m, clinicId, id);
    });
  }

  async addAddendum(clinicId: string, id: string, user: AuthUser, dto: CreateAddendumDto): Promise<NoteDto> {
    const text = dto.text.trim();
    if (!text) throw fieldError('text', 'text must not be blank');
    return this.dataSource.transaction(async (m) => {
      const [note]: Pick<NoteRow, 'status'>[] = await m.query(
        `SELECT status FROM notes WHERE clinic_id = $1 AND id = $2 FOR SHARE`,
        [clinicId, id],
      );
      if (!note) throw DomainError.notFound('note');
      if (note.status !== 'signed')
        throw DomainError.conflict(
          'NOTE_NOT_SIGNED',
          'A draft is edited, not amended: addenda follow signing',
        );
      await m.query(`INSERT INTO note_addenda (note_id, author_id, text) VALUES ($1, $2, $3)`, [
        id,
        user.id,
        text,
      ]);
      return this.read(m, clinicId, id);
    });
  }

  private async read(m: EntityManager, clinicId: string, id: string): Promise<NoteDto> {
    const [row]: NoteRow[] = await m.query(`SELECT ${COLUMNS} FROM notes WHERE clinic_id = $1 AND id = $2`, [
      clinicId,
      id,
    ]);
    if (!row) throw DomainError.notFound('note');
    const addenda: AddendumRow[] = await m.query(
      `SELECT id, note_id, author_id, text, created_at FROM note_addenda WHERE note_id = $1 ORDER BY created_at, id`,
      [id],
    );
    return {
      ...fields(row),
      content: row.content,
      contentHashVerified: verifyHash(row),
      addenda: addenda.map(toAddendumDto),
    };
  }

  /** The draft, locked, when `user` is its author: another user 403, a signed note 409 NOTE_SIGNED. */
  private async lockForAuthor(
    m: EntityManager,
    clinicId: string,
    id: string,
    user: AuthUser,
    verb: 'edits' | 'signs',
  ): Promise<NoteRow> {
    const [note]: NoteRow[] = await m.query(
      `SELECT ${COLUMNS} FROM notes WHERE clinic_id = $1 AND id = $2 FOR UPDATE`,
      [clinicId, id],
    );
    if (!note) throw DomainError.notFound('note');
    if (note.author_id !== user.id) throw DomainError.forbidden(`Only the author ${verb} a note`);
    if (note.status === 'signed')
      throw DomainError.conflict('NOTE_SIGNED', 'The note is signed and cannot change; add an addendum', {
        signedAt: note.signed_at?.toISOString(),
      });
    return note;
  }

  /** A linked session must be one of the patient's. */
  private async assertSession(m: EntityManager, clinicId: string, patientId: string, sessionId: string) {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM dosing_sessions WHERE clinic_id = $1 AND patient_id = $2 AND id = $3`,
      [clinicId, patientId, sessionId],
    );
    if (!rows.length) throw fieldError('sessionId', 'sessionId must be a dosing session of this patient');
  }
}
