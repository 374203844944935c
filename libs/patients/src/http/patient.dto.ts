import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@kap/core';

export const SEXES = ['female', 'male', 'intersex', 'unknown'] as const;
export const INDICATIONS = ['MDD', 'TRD', 'PTSD', 'BIPOLAR_DEPRESSION', 'ANXIETY', 'OTHER'] as const;
export const PATIENT_STATUSES = ['active', 'paused', 'discharged'] as const;
export type Sex = (typeof SEXES)[number];
export type Indication = (typeof INDICATIONS)[number];
export type PatientStatus = (typeof PATIENT_STATUSES)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ScholarshipDto {
  @ApiProperty({ example: 'FND-2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  programCode: string;

  @ApiProperty({ example: '2026-01-15' })
  @Matches(DATE, { message: 'awardedOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'awardedOn must be a real date' })
  awardedOn: string;
}

class PatientFields {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  givenName: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  familyName: string;

  @ApiProperty({ example: '1980-04-02' })
  @Matches(DATE, { message: 'birthDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'birthDate must be a real date' })
  birthDate: string;

  @ApiProperty({ enum: SEXES })
  @IsIn(SEXES)
  sexAtBirth: Sex;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9 -]{2,12}$/, { message: 'postalCode must be 2–12 letters, digits, spaces or dashes' })
  postalCode?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ example: '+15555550123' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'phone must be a phone number' })
  phone?: string | null;

  @ApiProperty()
  @IsBoolean()
  reminderConsent: boolean;

  @ApiProperty({ enum: INDICATIONS })
  @IsIn(INDICATIONS)
  primaryIndication: Indication;

  @ApiPropertyOptional({ type: ScholarshipDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScholarshipDto)
  scholarship?: ScholarshipDto | null;
}

export class CreatePatientDto extends PatientFields {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  clinicId: string;

  @ApiProperty({ description: 'Medical record number, unique in the clinic' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,40}$/, {
    message: 'mrn must be 1–40 letters, digits, dots, dashes or underscores',
  })
  mrn: string;
}

export class UpdatePatientDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) givenName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) familyName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(DATE, { message: 'birthDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'birthDate must be a real date' })
  birthDate?: string;

  @ApiPropertyOptional({ enum: SEXES }) @IsOptional() @IsIn(SEXES) sexAtBirth?: Sex;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Matches(/^[A-Za-z0-9 -]{2,12}$/, { message: 'postalCode must be 2–12 letters, digits, spaces or dashes' })
  postalCode?: string | null;

  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsEmail() @MaxLength(254) email?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'phone must be a phone number' })
  phone?: string | null;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() reminderConsent?: boolean;
  @ApiPropertyOptional({ enum: INDICATIONS }) @IsOptional() @IsIn(INDICATIONS) primaryIndication?: Indication;

  @ApiPropertyOptional({ type: ScholarshipDto, nullable: true, description: 'null removes the scholarship' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScholarshipDto)
  scholarship?: ScholarshipDto | null;

  @ApiPropertyOptional({ enum: PATIENT_STATUSES })
  @IsOptional()
  @IsIn(PATIENT_STATUSES)
  status?: PatientStatus;
}

export class ListPatientsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One of your clinics; all of them when omitted' })
  @IsOptional()
  @IsUUID()
  clinicId?: string;

  @ApiPropertyOptional({ description: 'Start of a given or family name, or of the record number' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class PatientDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clinicId: string;
  @ApiProperty() mrn: string;
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty() birthDate: string;
  @ApiProperty({ enum: SEXES }) sexAtBirth: Sex;
  @ApiProperty({ nullable: true, type: String }) postalCode: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty() reminderConsent: boolean;
  @ApiProperty({ enum: INDICATIONS }) primaryIndication: Indication;
  @ApiProperty({ type: ScholarshipDto, nullable: true }) scholarship: ScholarshipDto | null;
  @ApiProperty({ enum: PATIENT_STATUSES }) status: PatientStatus;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}
