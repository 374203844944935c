import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '@kap/core';
import { FLAG_SEVERITIES, FLAG_STATUSES } from '../flag.types';
import type { FlagSeverity, FlagSource, FlagStatus } from '../flag.types';

export class ListFlagsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One of your clinics; all of them when omitted' })
  @IsOptional()
  @IsUUID()
  clinicId?: string;

  @ApiPropertyOptional({ enum: FLAG_STATUSES })
  @IsOptional()
  @IsIn(FLAG_STATUSES)
  status?: FlagStatus;

  @ApiPropertyOptional({ enum: FLAG_SEVERITIES })
  @IsOptional()
  @IsIn(FLAG_SEVERITIES)
  severity?: FlagSeverity;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  sessionId?: string;

  @ApiPropertyOptional({ example: 'BP_CRITICAL' })
  @IsOptional()
  @Matches(/^[A-Z0-9_]{2,50}$/, { message: 'code must be a flag code such as BP_CRITICAL' })
  code?: string;
}

export class AcknowledgeFlagDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class ResolveFlagDto {
  @ApiProperty({ maxLength: 2000, description: 'What was done about it' })
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'comment must not be blank' })
  @MaxLength(2000)
  comment: string;
}

export class FlagReadingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty() takenAt: string;
  @ApiProperty() phase: string;
  @ApiProperty() systolic: number;
  @ApiProperty() diastolic: number;
  @ApiProperty() heartRate: number;
  @ApiProperty({ nullable: true, type: Number }) spo2: number | null;
  @ApiProperty({ nullable: true, type: Number }) respiratoryRate: number | null;
  @ApiProperty({ nullable: true, type: String }) replacesReadingId: string | null;
  @ApiProperty({ format: 'uuid' }) recordedBy: string;
  @ApiProperty() createdAt: string;
}

export class FlagDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clinicId: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) sessionId: string | null;
  @ApiProperty({ example: 'BP_ELEVATED_PREDOSE' }) code: string;
  @ApiProperty({ enum: FLAG_SEVERITIES }) severity: FlagSeverity;
  @ApiProperty() blocksDosing: boolean;
  @ApiProperty({ enum: FLAG_STATUSES }) status: FlagStatus;
  @ApiProperty() source: FlagSource;
  @ApiProperty({ nullable: true, type: String }) sourceId: string | null;
  @ApiProperty() raisedAt: string;
  @ApiProperty({ description: 'When a fact last raised or joined it' }) lastRaisedAt: string;
  @ApiProperty({ nullable: true, type: String }) acknowledgedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) acknowledgedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) acknowledgedComment: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedComment: string | null;
  @ApiProperty({ nullable: true, type: String }) escalatedAt: string | null;
  @ApiProperty({ type: FlagReadingDto, isArray: true }) readings: FlagReadingDto[];
}
