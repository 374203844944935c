import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { NOTE_FORMATS, NOTE_SECTION_MAX } from '../note-content';
import type { NoteContent, NoteFormat } from '../note-content';

const CONTENT_DOC =
  'SOAP: { subjective, objective, assessment, plan }; DAP: { data, assessment, plan }; each section text';

export class CreateNoteDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A dosing session of the same patient' })
  @IsOptional()
  @IsUUID()
  sessionId?: string;

  @ApiProperty({ enum: NOTE_FORMATS })
  @IsIn(NOTE_FORMATS)
  format: NoteFormat;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: CONTENT_DOC })
  @IsObject()
  content: NoteContent;
}

export class UpdateNoteDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'null unlinks the session' })
  @IsOptional()
  @IsUUID()
  sessionId?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: `The whole content, replacing the draft's. ${CONTENT_DOC}`,
  })
  @IsOptional()
  @IsObject()
  content?: NoteContent;
}

export class CreateAddendumDto {
  @ApiProperty({ maxLength: NOTE_SECTION_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(NOTE_SECTION_MAX)
  text: string;
}

export class AddendumDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) noteId: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty() text: string;
  @ApiProperty() createdAt: string;
}

class NoteFields {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clinicId: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) sessionId: string | null;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty({ enum: NOTE_FORMATS }) format: NoteFormat;
  @ApiProperty({ enum: ['draft', 'signed'] }) status: 'draft' | 'signed';
  @ApiProperty({ nullable: true, type: String }) signedAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) signedBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of the canonical signed note' })
  contentHash: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

/** A note with its text and addenda (GET /notes/:id and every write). */
export class NoteDto extends NoteFields {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) content: NoteContent;
  @ApiProperty({
    nullable: true,
    type: Boolean,
    description: 'Signed note: the stored SHA-256 recomputed from the stored note matches; draft: null',
  })
  contentHashVerified: boolean | null;
  @ApiProperty({ type: AddendumDto, isArray: true }) addenda: AddendumDto[];
}

/** A note in a list: what it is and where it stands, without its text. */
export class NoteSummaryDto extends NoteFields {
  @ApiProperty({ example: 'SOAP integration note' }) title: string;
  @ApiProperty() addendaCount: number;
}
