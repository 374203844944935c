import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsObject, IsOptional, IsUUID, Matches } from 'class-validator';
import { GROUP_BYS } from '../foundation-outcomes.service';
import type { GroupBy } from '../foundation-outcomes.service';

export const REPORT_TYPES = ['FOUNDATION_OUTCOMES', 'SUPERVISOR_FLAG_DIGEST', 'CLINIC_ACTIVITY'] as const;
export const REPORT_FORMATS = ['json', 'csv', 'pdf'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `?from&to` as calendar dates (UTC). */
export class DateRangeDto {
  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a real date' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a real date' })
  to?: string;
}

export class FoundationOutcomesQueryDto extends DateRangeDto {
  @ApiPropertyOptional({ enum: GROUP_BYS, default: 'none' })
  @IsOptional()
  @IsIn(GROUP_BYS)
  groupBy?: GroupBy;
}

/** Params of a clinic report (supervisor): one of your clinics and a period. */
export class ClinicReportParamsDto extends DateRangeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  clinicId: string;
}

export class CreateReportDto {
  @ApiProperty({ enum: REPORT_TYPES })
  @IsIn(REPORT_TYPES)
  type: ReportType;

  @ApiProperty({ enum: REPORT_FORMATS })
  @IsIn(REPORT_FORMATS)
  format: ReportFormat;

  @ApiPropertyOptional({
    description:
      'FOUNDATION_OUTCOMES: { from?, to?, groupBy? }; SUPERVISOR_FLAG_DIGEST and CLINIC_ACTIVITY: { clinicId, from?, to? }',
  })
  @IsOptional()
  @IsObject()
  params?: Record<string, unknown>;
}

export class ReportDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REPORT_TYPES }) type: ReportType;
  @ApiProperty({ enum: REPORT_FORMATS }) format: ReportFormat;
  @ApiProperty() params: Record<string, unknown>;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
  @ApiProperty({ nullable: true, type: Number }) byteSize: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Where to download it once succeeded' })
  downloadUrl: string | null;
}
