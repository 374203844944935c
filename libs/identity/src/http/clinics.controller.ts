import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, Audit, CurrentUser, DomainError, UuidParam } from '@kap/core';
import type { AuthUser } from '@kap/core';
import { ClinicsService } from '../clinics.service';
import { ClinicDto, CreateClinicDto, UpdateClinicDto } from './clinic.dto';

@ApiTags('clinics')
@Controller('clinics')
export class ClinicsController {
  constructor(private readonly clinics: ClinicsService) {}

  @Post()
  @Allow('admin')
  @Audit('clinic.create', 'clinic')
  @ApiOperation({ summary: 'Create a clinic (thresholds default to CLINICAL-RULES.md)' })
  @ApiCreatedResponse({ type: ClinicDto })
  create(@Body() dto: CreateClinicDto): Promise<ClinicDto> {
    return this.clinics.create(dto);
  }

  @Get()
  @Allow('admin', 'clinician', 'supervisor')
  @ApiOperation({ summary: 'Clinics: all for an admin, one’s own for members' })
  @ApiOkResponse({ type: ClinicDto, isArray: true })
  list(@CurrentUser() user: AuthUser): Promise<ClinicDto[]> {
    return this.clinics.list(user);
  }

  @Get(':id')
  @Allow('admin', 'clinician', 'supervisor')
  @ApiOkResponse({ type: ClinicDto })
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<ClinicDto> {
    if (user.role !== 'admin' && !user.clinicIds.includes(id)) throw DomainError.notFound('clinic');
    return this.clinics.get(id);
  }

  @Patch(':id')
  @Allow('admin')
  @Audit('clinic.update', 'clinic')
  @ApiOperation({
    summary: 'Rename, change time zone, or tighten thresholds (loosening is refused with 400)',
  })
  @ApiOkResponse({ type: ClinicDto })
  update(@UuidParam() id: string, @Body() dto: UpdateClinicDto): Promise<ClinicDto> {
    return this.clinics.update(id, dto);
  }
}
