import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@kap/core';
import { CONDITION_CODES, CSSRS_BEHAVIORS, INTERACTION_CLASSES } from '@kap/clinical-rules';
import type { CssrsBehavior, CssrsRisk, Eligibility, InteractionClass } from '@kap/clinical-rules';

export class MedicationDto {
  @ApiProperty({ example: 'sertraline' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: INTERACTION_CLASSES })
  @IsIn(INTERACTION_CLASSES)
  interactionClass: InteractionClass;
}

export class IntakeVitalsDto {
  @ApiProperty({ minimum: 40, maximum: 300 }) @IsInt() systolic: number;
  @ApiProperty({ minimum: 20, maximum: 200 }) @IsInt() diastolic: number;
  @ApiProperty({ minimum: 20, maximum: 250 }) @IsInt() heartRate: number;
  @ApiPropertyOptional({ minimum: 50, maximum: 100 }) @IsOptional() @IsInt() spo2?: number;
}

export class CssrsDto {
  @ApiProperty({ description: '1: wish to be dead' }) @IsBoolean() wishDead: boolean;
  @ApiProperty({ description: '2: non-specific active suicidal thoughts' })
  @IsBoolean()
  suicidalThoughts: boolean;
  @ApiPropertyOptional({ description: '3: thoughts with a method (asked when 2 is yes)' })
  @IsOptional()
  @IsBoolean()
  method?: boolean;
  @ApiPropertyOptional({ description: '4: intent without a specific plan (asked when 2 is yes)' })
  @IsOptional()
  @IsBoolean()
  intent?: boolean;
  @ApiPropertyOptional({ description: '5: intent with a specific plan (asked when 2 is yes)' })
  @IsOptional()
  @IsBoolean()
  plan?: boolean;
  @ApiProperty({ enum: CSSRS_BEHAVIORS }) @IsIn(CSSRS_BEHAVIORS) behavior: CssrsBehavior;
}

export class CreateIntakeDto {
  @ApiProperty({ example: '2026-11-27T15:00:00Z' })
  @IsISO8601({ strict: true })
  performedAt: string;

  @ApiProperty({ enum: CONDITION_CODES, isArray: true })
  @IsArray()
  @ArrayMaxSize(CONDITION_CODES.length)
  @IsIn(CONDITION_CODES, { each: true })
  conditions: string[];

  @ApiProperty({ type: MedicationDto, isArray: true })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MedicationDto)
  medications: MedicationDto[];

  @ApiProperty({ type: IntakeVitalsDto })
  @ValidateNested()
  @Type(() => IntakeVitalsDto)
  vitals: IntakeVitalsDto;

  @ApiProperty({ minimum: 25, maximum: 350 })
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(25)
  @Max(350)
  weightKg: number;

  @ApiProperty({ type: [Number], description: '9 answers 0–3' })
  @IsArray()
  phq9: number[];

  @ApiPropertyOptional({ type: [Number], description: '7 answers 0–3' })
  @IsOptional()
  @IsArray()
  gad7?: number[];

  @ApiProperty({ type: CssrsDto })
  @ValidateNested()
  @Type(() => CssrsDto)
  cssrs: CssrsDto;
}

export const REVIEW_DECISIONS = ['approved', 'declined'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export class ReviewIntakeDto {
  @ApiProperty({ enum: REVIEW_DECISIONS }) @IsIn(REVIEW_DECISIONS) decision: ReviewDecision;

  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Matches(/\S/, { message: 'comment must not be blank' })
  @MaxLength(2000)
  comment: string;
}

export class ListIntakesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() clinicId?: string;
  @ApiPropertyOptional({ enum: ['eligible', 'needs_review', 'ineligible'] })
  @IsOptional()
  @IsIn(['eligible', 'needs_review', 'ineligible'])
  eligibility?: Eligibility;
  @ApiPropertyOptional({ description: 'false: not yet reviewed (the review queue)' })
  @IsOptional()
  @IsIn(['true', 'false', true, false])
  reviewed?: string | boolean;
}

export class ReasonDto {
  @ApiProperty() code: string;
  @ApiProperty({ enum: ['absolute', 'relative'] }) kind: 'absolute' | 'relative';
  @ApiProperty() message: string;
}

export class ScoreDto {
  @ApiProperty({ format: 'uuid' }) assessmentId: string;
  @ApiProperty() totalScore: number;
  @ApiProperty() severity: string;
}

export class ReviewDto {
  @ApiProperty({ enum: REVIEW_DECISIONS }) decision: ReviewDecision;
  @ApiProperty() comment: string;
  @ApiProperty({ format: 'uuid' }) reviewedBy: string;
  @ApiProperty() reviewedAt: string;
}

export class IntakeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clinicId: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty() performedAt: string;
  @ApiProperty({ type: [String] }) conditions: string[];
  @ApiProperty({ type: MedicationDto, isArray: true }) medications: MedicationDto[];
  @ApiProperty({ type: IntakeVitalsDto }) vitals: IntakeVitalsDto & { spo2: number | null };
  @ApiProperty() weightKg: number;
  @ApiProperty({ enum: ['eligible', 'needs_review', 'ineligible'] }) eligibility: Eligibility;
  @ApiProperty({ type: ReasonDto, isArray: true }) reasons: ReasonDto[];
  @ApiProperty({ enum: ['none', 'low', 'moderate', 'high'] }) cssrsRisk: CssrsRisk;
  @ApiProperty({ type: ScoreDto }) phq9: ScoreDto;
  @ApiProperty({ type: ScoreDto, nullable: true }) gad7: ScoreDto | null;
  @ApiProperty({ type: ReviewDto, nullable: true }) review: ReviewDto | null;
  @ApiProperty({ description: 'Flags this intake raised (on create)', isArray: true }) flags?: unknown[];
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty() createdAt: string;
}
