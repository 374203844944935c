import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@kap/core';

export const TIMELINE_KINDS = ['intake', 'session', 'assessment', 'note'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export class TimelineQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['desc', 'asc'], default: 'desc', description: 'desc: newest first' })
  @IsOptional()
  @IsIn(['desc', 'asc'])
  order?: 'desc' | 'asc';

  @ApiPropertyOptional({
    enum: TIMELINE_KINDS,
    isArray: true,
    description: 'Only these kinds (comma-separated)',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value))
  @IsIn(TIMELINE_KINDS, { each: true })
  kind?: TimelineKind[];
}

export class TimelineFlagDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() severity: string;
  @ApiProperty() status: string;
  @ApiProperty() blocksDosing: boolean;
  @ApiProperty() raisedAt: string;
}

export class TimelineItemDto {
  @ApiProperty({ enum: TIMELINE_KINDS }) kind: TimelineKind;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    description:
      'Intake: performed; session: started (else scheduled); assessment: administered; note: created',
  })
  at: string;
  @ApiProperty({ description: 'What it is, never clinical text' }) title: string;
  @ApiProperty({ description: 'eligibility or review decision, session status, severity band, note status' })
  status: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) sessionId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiProperty({ type: TimelineFlagDto, isArray: true }) flags: TimelineFlagDto[];
}
