import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto } from '@kap/core';
import { DOSE_ROUTES, VITALS_PHASES } from '@kap/clinical-rules';
import type { DoseRoute, SessionStatus, VitalsPhase } from '@kap/clinical-rules';

const SESSION_STATUSES = ['scheduled', 'in_progress', 'completed', 'cancelled', 'aborted'] as const;

export class CreateSessionDto {
  @ApiProperty({ example: '2026-12-01T15:00:00Z' }) @IsISO8601({ strict: true }) scheduledAt: string;
  @ApiProperty({ enum: DOSE_ROUTES }) @IsIn(DOSE_ROUTES) route: DoseRoute;
  @ApiProperty({ example: 50 })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(2000)
  plannedDoseMg: number;
  @ApiProperty({ example: 70, minimum: 25, maximum: 350 })
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(25)
  @Max(350)
  weightKg: number;
}

export class RescheduleSessionDto {
  @ApiProperty() @IsISO8601({ strict: true }) scheduledAt: string;
}

export class ListSessionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SESSION_STATUSES })
  @IsOptional()
  @IsIn(SESSION_STATUSES)
  status?: SessionStatus;
}

export class CreateVitalsDto {
  @ApiProperty() @IsISO8601({ strict: true }) takenAt: string;
  @ApiProperty({ enum: VITALS_PHASES }) @IsIn(VITALS_PHASES) phase: VitalsPhase;
  @ApiProperty({ minimum: 40, maximum: 300 }) @IsInt() systolic: number;
  @ApiProperty({ minimum: 20, maximum: 200 }) @IsInt() diastolic: number;
  @ApiProperty({ minimum: 20, maximum: 250 }) @IsInt() heartRate: number;
  @ApiPropertyOptional({ minimum: 50, maximum: 100 }) @IsOptional() @IsInt() spo2?: number;
  @ApiPropertyOptional({ minimum: 4, maximum: 60 }) @IsOptional() @IsInt() respiratoryRate?: number;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'This reading corrects that one (readings are append-only)',
  })
  @IsOptional()
  @IsUUID()
  replacesReadingId?: string;
}

export class CreateDoseDto {
  @ApiProperty() @IsISO8601({ strict: true }) administeredAt: string;
  @ApiProperty({ example: 35 }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.01) @Max(5000) doseMg: number;
  @ApiPropertyOptional({ enum: DOSE_ROUTES, description: "The session's route when omitted" })
  @IsOptional()
  @IsIn(DOSE_ROUTES)
  route?: DoseRoute;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[A-Za-z0-9._/-]{1,40}$/) lotNumber?: string;
}

export class ReasonDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(2000)
  reason: string;
}

export class CancelSessionDto {
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export const ADVERSE_EVENT_KINDS = [
  'NAUSEA',
  'VOMITING',
  'HEADACHE',
  'DIZZINESS',
  'SEDATION',
  'DISSOCIATION',
  'ANXIETY',
  'AGITATION',
  'HYPERTENSION',
  'TACHYCARDIA',
  'RESPIRATORY_DEPRESSION',
  'ALLERGIC_REACTION',
  'OTHER',
] as const;
export const ADVERSE_EVENT_SEVERITIES = ['mild', 'moderate', 'severe'] as const;

export class CreateAdverseEventDto {
  @ApiProperty() @IsISO8601({ strict: true }) occurredAt: string;
  @ApiProperty({ enum: ADVERSE_EVENT_KINDS }) @IsIn(ADVERSE_EVENT_KINDS) kind: string;
  @ApiProperty({ enum: ADVERSE_EVENT_SEVERITIES }) @IsIn(ADVERSE_EVENT_SEVERITIES) severity: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) actionTaken?: string;
}

export class CompleteSessionDto {
  @ApiProperty() @IsISO8601({ strict: true }) dischargedAt: string;
  @ApiProperty({ description: 'A responsible adult escorts the patient' })
  @IsBoolean()
  escortPresent: boolean;
  @ApiPropertyOptional({ minimum: 0, maximum: 92 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(92)
  cadssScore?: number;
}

export class SessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clinicId: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty() sessionNumber: number;
  @ApiProperty({ enum: SESSION_STATUSES }) status: SessionStatus;
  @ApiProperty() scheduledAt: string;
  @ApiProperty({ enum: DOSE_ROUTES }) route: DoseRoute;
  @ApiProperty() plannedDoseMg: number;
  @ApiProperty() weightKg: number;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) dischargedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelledAt: string | null;
  @ApiProperty({ nullable: true, type: String }) abortedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) abortReason: string | null;
  @ApiProperty({ nullable: true }) holdOverride: { reason: string; overriddenAt: string; by: string } | null;
  @ApiProperty({ nullable: true, type: Boolean }) escortPresent: boolean | null;
  @ApiProperty({ nullable: true, type: Number }) cadssScore: number | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

/** GET /sessions/:id: the session with everything a bedside screen shows, in one round trip. */
export class SessionViewDto extends SessionDto {
  @ApiProperty({ isArray: true }) doses: unknown[];
  @ApiProperty({
    isArray: true,
    description: 'Every reading in time order (corrected ones too, with replacedBy)',
  })
  readings: unknown[];
  @ApiProperty({ isArray: true }) flags: unknown[];
  @ApiProperty({ isArray: true }) adverseEvents: unknown[];
  @ApiProperty({ nullable: true }) discharge: unknown;
  @ApiProperty({ description: 'Unresolved blocking flags not covered by an override' }) held: boolean;
}
