import { canonicalJson } from '@kap/core';
import { createHash } from 'node:crypto';

/** The sections of each note format, in reading order (SPEC §2, §6). */
export const NOTE_SECTIONS = {
  SOAP: ['subjective', 'objective', 'assessment', 'plan'],
  DAP: ['data', 'assessment', 'plan'],
} as const;

export type NoteFormat = keyof typeof NOTE_SECTIONS;
export const NOTE_FORMATS = Object.keys(NOTE_SECTIONS) as NoteFormat[];
export type NoteContent = Record<string, string>;

/** Longest section accepted: generous for a session note, small enough to stop a pasted document. */
export const NOTE_SECTION_MAX = 20_000;

export interface ContentProblem {
  field: string;
  messages: string[];
}

/**
 * Every problem of `content` for `format`: a missing section, a section of another format, a section
 * that is not text or too long. Messages name the section, never its text.
 */
export function checkNoteContent(format: NoteFormat, content: unknown): ContentProblem[] {
  const sections: readonly string[] = NOTE_SECTIONS[format];
  if (!content || typeof content !== 'object' || Array.isArray(content)) {
    return [{ field: 'content', messages: [`content must be an object with ${sections.join(', ')}`] }];
  }
  const problems: ContentProblem[] = [];
  const given = content as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!sections.includes(key))
      problems.push({
        field: `content.${key}`,
        messages: [`content.${key} is not a section of a ${format} note (${sections.join(', ')})`],
      });
  }
  for (const key of sections) {
    const value = given[key];
    if (value === undefined)
      problems.push({ field: `content.${key}`, messages: [`content.${key} is required`] });
    else if (typeof value !== 'string')
      problems.push({ field: `content.${key}`, messages: [`content.${key} must be text`] });
    else if (value.length > NOTE_SECTION_MAX)
      problems.push({
        field: `content.${key}`,
        messages: [`content.${key} must be at most ${NOTE_SECTION_MAX} characters`],
      });
  }
  return problems;
}

/** Sections still blank: a note is signed only when every section says something (even "none"). */
export function blankSections(format: NoteFormat, content: NoteContent): string[] {
  return NOTE_SECTIONS[format].filter((key) => !content[key]?.trim());
}

export interface SignedNoteFacts {
  id: string;
  patientId: string;
  sessionId: string | null;
  format: NoteFormat;
  content: NoteContent;
  signedBy: string;
  signedAt: Date;
}

/**
 * The canonical form of what a signature covers: the note's identity, its content (sections in the
 * format's order), the signer and the signing time. Sorted-key JSON, so the hash can be recomputed
 * by anyone holding the row.
 */
export function canonicalSignedNote(n: SignedNoteFacts): string {
  return canonicalJson({
    id: n.id,
    patientId: n.patientId,
    sessionId: n.sessionId,
    format: n.format,
    content: NOTE_SECTIONS[n.format].map((key) => [key, n.content[key] ?? '']),
    signedBy: n.signedBy,
    signedAt: n.signedAt.toISOString(),
  });
}

/** SHA-256 (hex) of the canonical signed note. */
export function signedNoteHash(n: SignedNoteFacts): string {
  return createHash('sha256').update(canonicalSignedNote(n), 'utf8').digest('hex');
}
