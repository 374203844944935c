import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Allow, Audit, CurrentScope, CurrentUser, Idempotent, Scoped, UuidParam } from '@kap/core';
import type { AuthUser, Page, RequestScope } from '@kap/core';
import { SessionsService } from '../sessions.service';
import {
  CancelSessionDto,
  CreateSessionDto,
  ListSessionsQueryDto,
  ReasonDto,
  RescheduleSessionDto,
  SessionDto,
  SessionViewDto,
} from './session.dto';

const STATE_409 = 'INVALID_SESSION_STATE: not allowed in the current state (named in the answer)';

@ApiTags('sessions')
@Controller()
@Allow('clinician', 'supervisor')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('patients/:id/sessions')
  @Scoped({ resource: 'patient', param: 'id' })
  @Idempotent()
  @Audit('session.create', 'session')
  @ApiOperation({ summary: 'Schedule a dosing session (needs an eligible or approved intake)' })
  @ApiCreatedResponse({ type: SessionDto })
  @ApiConflictResponse({ description: 'NO_ELIGIBLE_INTAKE' })
  create(
    @CurrentScope() scope: RequestScope,
    @CurrentUser() user: AuthUser,
    @UuidParam('id') patientId: string,
    @Body() dto: CreateSessionDto,
  ): Promise<SessionDto> {
    return this.sessions.create(scope.clinicId!, patientId, user, dto);
  }

  @Get('patients/:id/sessions')
  @Scoped({ resource: 'patient', param: 'id' })
  @Audit('session.list', 'session')
  @ApiOkResponse({ type: SessionDto, isArray: true })
  list(
    @CurrentScope() scope: RequestScope,
    @UuidParam('id') patientId: string,
    @Query() q: ListSessionsQueryDto,
  ): Promise<Page<SessionDto>> {
    return this.sessions.listForPatient(scope.clinicId!, patientId, q);
  }

  @Get('sessions/:id')
  @Scoped({ resource: 'session', param: 'id' })
  @Audit('session.read', 'session')
  @ApiOperation({
    summary: 'The session with doses, readings, flags, adverse events and discharge (one query)',
  })
  @ApiOkResponse({ type: SessionViewDto })
  get(@CurrentScope() scope: RequestScope, @UuidParam('id') id: string): Promise<SessionViewDto> {
    return this.sessions.view(scope.clinicId!, id);
  }

  @Patch('sessions/:id')
  @Scoped({ resource: 'session', param: 'id' })
  @Audit('session.reschedule', 'session')
  @ApiOkResponse({ type: SessionViewDto })
  @ApiConflictResponse({ description: STATE_409 })
  reschedule(
    @CurrentScope() scope: RequestScope,
    @UuidParam('id') id: string,
    @Body() dto: RescheduleSessionDto,
  ): Promise<SessionViewDto> {
    return this.sessions.reschedule(scope.clinicId!, id, dto);
  }

  @Post('sessions/:id/cancel')
  @HttpCode(200)
  @Scoped({ resource: 'session', param: 'id' })
  @Audit('session.cancel', 'session')
  @ApiOkResponse({ type: SessionViewDto })
  @ApiConflictResponse({ description: STATE_409 })
  cancel(
    @CurrentScope() scope: RequestScope,
    @UuidParam('id') id: string,
    @Body() dto: CancelSessionDto,
  ): Promise<SessionViewDto> {
    return this.sessions.cancel(scope.clinicId!, id, dto);
  }

  @Post('sessions/:id/abort')
  @HttpCode(200)
  @Scoped({ resource: 'session', param: 'id' })
  @Audit('session.abort', 'session')
  @ApiOkResponse({ type: SessionViewDto })
  @ApiConflictResponse({ description: STATE_409 })
  abort(
    @CurrentScope() scope: RequestScope,
    @UuidParam('id') id: string,
    @Body() dto: ReasonDto,
  ): Promise<SessionViewDto> {
    return this.sessions.abort(scope.clinicId!, id, dto);
  }

  @Post('sessions/:id/hold-override')
  @HttpCode(200)
  @Allow('supervisor')
  @Scoped({ resource: 'session', param: 'id' })
  @Audit('session.hold_override', 'session')
  @ApiOperation({ summary: 'A supervisor lifts the current hold with a reason' })
  @ApiOkResponse({ type: SessionViewDto })
  @ApiConflictResponse({ description: `NO_HOLD; ${STATE_409}` })
  overrideHold(
    @CurrentScope() scope: RequestScope,
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
    @Body() dto: ReasonDto,
  ): Promise<SessionViewDto> {
    return this.sessions.overrideHold(scope.clinicId!, id, user, dto);
  }
}
