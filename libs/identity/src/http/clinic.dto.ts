import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  registerDecorator,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { checkClinicSettings, CLINIC_SETTING_RULES } from '@kap/clinical-rules';
import type { ClinicSettings } from '@kap/clinical-rules';

export function isTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function IsTimeZone(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isTimeZone',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be an IANA time zone such as Europe/Berlin`, ...options },
      validator: { validate: isTimeZone },
    });
}

/** Tighten-only clinic thresholds: every problem is named (CLINICAL-RULES.md via @kap/clinical-rules). */
function IsClinicSettings() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isClinicSettings',
      target: object.constructor,
      propertyName,
      options: {
        message: (args: ValidationArguments) =>
          checkClinicSettings(args.value as Record<string, unknown>)
            .flatMap((p) => p.messages)
            .join('; '),
      },
      validator: {
        validate: (value: unknown) =>
          !!value &&
          typeof value === 'object' &&
          checkClinicSettings(value as Record<string, unknown>).length === 0,
      },
    });
}

const settingsDescription = `Thresholds a clinic may tighten (never loosen). Keys and defaults: ${Object.entries(
  CLINIC_SETTING_RULES,
)
  .map(([k, r]) => `${k}=${r.default}`)
  .join(', ')}`;

export class CreateClinicDto {
  @ApiProperty({ example: 'Harbor KAP Clinic' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'America/New_York' })
  @IsTimeZone()
  timeZone: string;

  @ApiPropertyOptional({ description: settingsDescription, type: Object })
  @IsOptional()
  @IsObject()
  @IsClinicSettings()
  settings?: Partial<ClinicSettings>;
}

export class UpdateClinicDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({
    description: `${settingsDescription}. A key set to null returns to the default.`,
    type: Object,
  })
  @IsOptional()
  @IsObject()
  @IsClinicSettings()
  settings?: Partial<ClinicSettings>;
}

export class ClinicDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({
    description: 'Effective thresholds: the defaults with the clinic’s tightenings',
    type: Object,
  })
  settings: ClinicSettings;
  @ApiProperty({ description: 'Only the settings this clinic changed', type: Object })
  customSettings: Partial<ClinicSettings>;
}
