import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { INSTRUMENTS } from '@kap/clinical-rules';
import type { Instrument, Severity } from '@kap/clinical-rules';
import { ASSESSMENT_CONTEXTS } from '@kap/assessments';
import type { AssessmentContext } from '@kap/assessments';
import { PageQueryDto } from '@kap/core';

export class CreateAssessmentDto {
  @ApiProperty({ enum: INSTRUMENTS })
  @IsIn(INSTRUMENTS)
  instrument: Instrument;

  @ApiProperty({ type: [Number], description: 'PHQ9: 9 answers, GAD7: 7 answers, each an integer 0–3' })
  @IsArray()
  @IsInt({ each: true, message: 'each answer must be an integer 0–3' })
  @Min(0, { each: true, message: 'each answer must be an integer 0–3' })
  @Max(3, { each: true, message: 'each answer must be an integer 0–3' })
  answers: number[];

  @ApiProperty({ example: '2026-11-27T15:00:00Z', description: 'At most 5 minutes in the future' })
  @IsISO8601({ strict: true })
  administeredAt: string;

  @ApiProperty({ enum: ASSESSMENT_CONTEXTS })
  @IsIn(ASSESSMENT_CONTEXTS)
  context: AssessmentContext;

  @ApiPropertyOptional({ format: 'uuid', description: "One of the patient's dosing sessions" })
  @IsOptional()
  @IsUUID()
  sessionId?: string;
}

export class ListAssessmentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INSTRUMENTS })
  @IsOptional()
  @IsIn(INSTRUMENTS)
  instrument?: Instrument;

  @ApiPropertyOptional({ description: 'Administered at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Administered before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class AssessmentFlagDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty({ enum: ['info', 'warning', 'critical'] }) severity: string;
  @ApiProperty() blocksDosing: boolean;
  @ApiProperty({ enum: ['open', 'acknowledged', 'resolved'] }) status: string;
}

export class AssessmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ format: 'uuid' }) clinicId: string;
  @ApiProperty({ enum: INSTRUMENTS }) instrument: Instrument;
  @ApiProperty({ type: [Number] }) answers: number[];
  @ApiProperty() totalScore: number;
  @ApiProperty() severity: Severity;
  @ApiProperty({ nullable: true, type: Number, description: 'PHQ-9 item 9; null for GAD-7' }) item9:
    number | null;
  @ApiProperty() administeredAt: string;
  @ApiProperty({ enum: ASSESSMENT_CONTEXTS }) context: AssessmentContext;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) sessionId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) intakeId: string | null;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: AssessmentFlagDto, isArray: true, description: 'Flags this assessment raised' })
  flags: AssessmentFlagDto[];
}
