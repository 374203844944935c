import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '@kap/core';

export const REMINDER_STATUSES = ['scheduled', 'sent', 'failed', 'cancelled', 'skipped'] as const;
export const REMINDER_KINDS = [
  'session_upcoming_24h',
  'session_upcoming_2h',
  'assessment_due',
  'integration_follow_up',
] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

export class ListRemindersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A patient of your clinics; all of your clinics when omitted',
  })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @ApiPropertyOptional({ enum: REMINDER_STATUSES })
  @IsOptional()
  @IsIn(REMINDER_STATUSES)
  status?: ReminderStatus;
}

/** A reminder as staff see it: ids, times and state; never the message text or the address. */
export class ReminderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clinicId: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) sessionId: string | null;
  @ApiProperty({ enum: REMINDER_KINDS }) kind: string;
  @ApiProperty({ enum: ['email', 'log'] }) channel: string;
  @ApiProperty() dueAt: string;
  @ApiProperty({ enum: REMINDER_STATUSES }) status: ReminderStatus;
  @ApiProperty({ nullable: true, type: String, description: 'Why skipped, cancelled or failed' })
  statusReason: string | null;
  @ApiProperty({ nullable: true, type: String }) sentAt: string | null;
  @ApiProperty() createdAt: string;
}
