import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Allow, Audit, CurrentScope, CurrentUser, Idempotent, Scoped, UuidParam } from '@kap/core';
import type { AuthUser, RequestScope } from '@kap/core';
import { AdverseEventsService } from '../adverse-events.service';
import { DischargeService } from '../discharge.service';
import { DosesService } from '../doses.service';
import { VitalsService } from '../vitals.service';
import {
  CompleteSessionDto,
  CreateAdverseEventDto,
  CreateDoseDto,
  CreateVitalsDto,
  SessionViewDto,
} from './session.dto';

/** What happens at the bedside: readings, doses, adverse events, discharge. */
@ApiTags('sessions')
@Controller('sessions/:id')
@Allow('clinician', 'supervisor')
export class SessionCareController {
  constructor(
    private readonly vitals: VitalsService,
    private readonly doses: DosesService,
    private readonly adverseEvents: AdverseEventsService,
    private readonly discharge: DischargeService,
  ) {}

  @Post('vitals')
  @Scoped({ resource: 'session', param: 'id' })
  @Idempotent()
  @Audit('vitals.create', 'session')
  @ApiOperation({ summary: 'A reading; answers it and the flags it raised or joined' })
  @ApiCreatedResponse({ description: '{ reading, flags }' })
  recordVitals(
    @CurrentScope() scope: RequestScope,
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
    @Body() dto: CreateVitalsDto,
  ) {
    return this.vitals.record(scope.clinicId!, id, user, dto);
  }

  @Post('doses')
  @Scoped({ resource: 'session', param: 'id' })
  @Idempotent()
  @Audit('dose.create', 'session')
  @ApiOperation({ summary: 'A dose (mg and mg/kg); 400 above the hard limit' })
  @ApiCreatedResponse({ description: 'The dose with doseMgPerKg and the flags it raised' })
  @ApiConflictResponse({
    description: 'SESSION_HELD, PREDOSE_VITALS_REQUIRED, NO_ELIGIBLE_INTAKE, INVALID_SESSION_STATE',
  })
  recordDose(
    @CurrentScope() scope: RequestScope,
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
    @Body() dto: CreateDoseDto,
  ) {
    return this.doses.record(scope.clinicId!, id, user, dto);
  }

  @Post('adverse-events')
  @Scoped({ resource: 'session', param: 'id' })
  @Idempotent()
  @Audit('adverse_event.create', 'session')
  @ApiOperation({ summary: 'An adverse event; a severe one raises a critical flag' })
  recordAdverseEvent(
    @CurrentScope() scope: RequestScope,
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
    @Body() dto: CreateAdverseEventDto,
  ) {
    return this.adverseEvents.record(scope.clinicId!, id, user, dto);
  }

  @Post('complete')
  @HttpCode(200)
  @Scoped({ resource: 'session', param: 'id' })
  @Audit('session.complete', 'session')
  @ApiOperation({
    summary: 'Discharge: every criterion of CLINICAL-RULES.md §6 or 409 naming the unmet ones',
  })
  @ApiOkResponse({ type: SessionViewDto })
  @ApiConflictResponse({
    description: 'DISCHARGE_CRITERIA_UNMET (details: each unmet criterion), INVALID_SESSION_STATE',
  })
  complete(
    @CurrentScope() scope: RequestScope,
    @UuidParam('id') id: string,
    @Body() dto: CompleteSessionDto,
  ): Promise<SessionViewDto> {
    return this.discharge.complete(scope.clinicId!, id, dto);
  }
}
