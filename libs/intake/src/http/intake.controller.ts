import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Allow, Audit, CurrentScope, CurrentUser, Idempotent, Scoped, UuidParam } from '@kap/core';
import type { AuthUser, Page, RequestScope } from '@kap/core';
import { IntakeService } from '../intake.service';
import { CreateIntakeDto, IntakeDto, ListIntakesQueryDto, ReviewIntakeDto } from './intake.dto';

@ApiTags('intakes')
@Controller()
@Allow('clinician', 'supervisor')
export class IntakeController {
  constructor(private readonly intakes: IntakeService) {}

  @Post('patients/:id/intakes')
  @Scoped({ resource: 'patient', param: 'id' })
  @Idempotent()
  @Audit('intake.create', 'intake')
  @ApiOperation({ summary: 'Screen a patient: C-SSRS risk, eligibility and reason codes' })
  @ApiCreatedResponse({ type: IntakeDto })
  create(
    @CurrentScope() scope: RequestScope,
    @CurrentUser() user: AuthUser,
    @UuidParam('id') patientId: string,
    @Body() dto: CreateIntakeDto,
  ): Promise<IntakeDto> {
    return this.intakes.create(scope.clinicId!, patientId, user, dto);
  }

  @Get('patients/:id/intakes')
  @Scoped({ resource: 'patient', param: 'id' })
  @Audit('intake.list', 'intake')
  @ApiOkResponse({ type: IntakeDto, isArray: true })
  listForPatient(
    @CurrentScope() scope: RequestScope,
    @UuidParam('id') patientId: string,
    @Query() q: ListIntakesQueryDto,
  ): Promise<Page<IntakeDto>> {
    return this.intakes.listForPatient(scope.clinicId!, patientId, q);
  }

  @Get('intakes')
  @Scoped({ clinicFrom: 'query', field: 'clinicId', optional: true })
  @Audit('intake.list', 'intake')
  @ApiOperation({
    summary: 'Intakes of your clinics; eligibility=needs_review&reviewed=false is the review queue',
  })
  @ApiOkResponse({ type: IntakeDto, isArray: true })
  list(@CurrentUser() user: AuthUser, @Query() q: ListIntakesQueryDto): Promise<Page<IntakeDto>> {
    return this.intakes.list(user, q);
  }

  @Get('intakes/:id')
  @Scoped({ resource: 'intake', param: 'id' })
  @Audit('intake.read', 'intake')
  @ApiOkResponse({ type: IntakeDto })
  get(@CurrentScope() scope: RequestScope, @UuidParam('id') id: string): Promise<IntakeDto> {
    return this.intakes.get(scope.clinicId!, id);
  }

  @Post('intakes/:id/review')
  @HttpCode(200)
  @Allow('supervisor')
  @Scoped({ resource: 'intake', param: 'id' })
  @Audit('intake.review', 'intake')
  @ApiOperation({ summary: "The supervisor's decision on a needs_review intake" })
  @ApiOkResponse({ type: IntakeDto })
  @ApiConflictResponse({ description: 'INTAKE_NOT_REVIEWABLE, INTAKE_ALREADY_REVIEWED' })
  review(
    @CurrentScope() scope: RequestScope,
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
    @Body() dto: ReviewIntakeDto,
  ): Promise<IntakeDto> {
    return this.intakes.review(scope.clinicId!, id, user, dto);
  }
}
