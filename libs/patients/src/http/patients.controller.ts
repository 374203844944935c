import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Allow, Audit, CurrentScope, CurrentUser, Idempotent, Scoped, UuidParam } from '@kap/core';
import type { AuthUser, Page, RequestScope } from '@kap/core';
import { PatientsService } from '../patients.service';
import { CreatePatientDto, ListPatientsQueryDto, PatientDto, UpdatePatientDto } from './patient.dto';

@ApiTags('patients')
@Controller('patients')
@Allow('clinician', 'supervisor')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Post()
  @Scoped({ clinicFrom: 'body', field: 'clinicId' })
  @Idempotent()
  @Audit('patient.create', 'patient')
  @ApiOperation({ summary: 'Register a patient in one of your clinics' })
  @ApiCreatedResponse({ type: PatientDto })
  @ApiConflictResponse({ description: 'MRN_TAKEN: the record number exists in the clinic' })
  create(@Body() dto: CreatePatientDto): Promise<PatientDto> {
    return this.patients.create(dto);
  }

  @Get()
  @Scoped({ clinicFrom: 'query', field: 'clinicId', optional: true })
  @Audit('patient.list', 'patient')
  @ApiOperation({ summary: 'Patients of your clinics, by name; search with q' })
  @ApiOkResponse({ type: PatientDto, isArray: true })
  list(@CurrentUser() user: AuthUser, @Query() query: ListPatientsQueryDto): Promise<Page<PatientDto>> {
    return this.patients.list(user, query);
  }

  @Get(':id')
  @Scoped({ resource: 'patient', param: 'id' })
  @Audit('patient.read', 'patient')
  @ApiOkResponse({ type: PatientDto })
  get(@CurrentScope() scope: RequestScope, @UuidParam() id: string): Promise<PatientDto> {
    return this.patients.get(scope.clinicId!, id);
  }

  @Patch(':id')
  @Scoped({ resource: 'patient', param: 'id' })
  @Audit('patient.update', 'patient')
  @ApiOkResponse({ type: PatientDto })
  update(
    @CurrentScope() scope: RequestScope,
    @UuidParam() id: string,
    @Body() dto: UpdatePatientDto,
  ): Promise<PatientDto> {
    return this.patients.update(scope.clinicId!, id, dto);
  }
}
