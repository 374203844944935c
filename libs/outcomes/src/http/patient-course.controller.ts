import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Allow, Audit, CurrentScope, CurrentUser, Idempotent, Scoped, UuidParam } from '@kap/core';
import type { AuthUser, Page, RequestScope } from '@kap/core';
import { AssessmentRecordsService } from '../assessment-records.service';
import { OutcomesService } from '../outcomes.service';
import { TimelineService } from '../timeline.service';
import { AssessmentDto, CreateAssessmentDto, ListAssessmentsQueryDto } from './assessment.dto';
import { OutcomesDto } from './outcome.dto';
import { TimelineItemDto, TimelineQueryDto } from './timeline.dto';

/** A patient's measured course: assessments, the derived PHQ-9 outcome and the timeline. */
@ApiTags('assessments and outcomes')
@Controller('patients/:id')
@Allow('clinician', 'supervisor')
@Scoped({ resource: 'patient', param: 'id' })
export class PatientCourseController {
  constructor(
    private readonly assessments: AssessmentRecordsService,
    private readonly outcomes: OutcomesService,
    private readonly timeline: TimelineService,
  ) {}

  @Post('assessments')
  @Idempotent()
  @Audit('assessment.create', 'assessment')
  @ApiOperation({ summary: 'Record a PHQ-9 or GAD-7: scored, banded, item 9 > 0 raises PHQ9_ITEM9_POSITIVE' })
  @ApiCreatedResponse({ type: AssessmentDto })
  @ApiBadRequestResponse({
    description: 'Wrong number of answers, an answer outside 0–3, a time > 5 min ahead',
  })
  record(
    @CurrentScope() scope: RequestScope,
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
    @Body() dto: CreateAssessmentDto,
  ): Promise<AssessmentDto> {
    return this.assessments.record(scope.clinicId!, id, user, dto);
  }

  @Get('assessments')
  @Audit('assessment.list', 'assessment')
  @ApiOperation({ summary: "A patient's assessments, newest first; by instrument and time window" })
  @ApiOkResponse({ type: AssessmentDto, isArray: true })
  list(
    @CurrentScope() scope: RequestScope,
    @UuidParam('id') id: string,
    @Query() query: ListAssessmentsQueryDto,
  ): Promise<Page<AssessmentDto>> {
    return this.assessments.list(scope.clinicId!, id, query);
  }

  @Get('outcomes')
  @Audit('outcome.read', 'patient')
  @ApiOperation({ summary: 'PHQ-9 baseline, follow-up, change, response, remission (CLINICAL-RULES.md §1)' })
  @ApiOkResponse({ type: OutcomesDto })
  outcome(@CurrentScope() scope: RequestScope, @UuidParam('id') id: string): Promise<OutcomesDto> {
    return this.outcomes.forPatient(scope.clinicId!, id);
  }

  @Get('timeline')
  @Audit('timeline.read', 'patient')
  @ApiOperation({ summary: 'Intakes, sessions (with flags), assessments and notes (no text) in time order' })
  @ApiOkResponse({ type: TimelineItemDto, isArray: true })
  timelineOf(
    @CurrentScope() scope: RequestScope,
    @UuidParam('id') id: string,
    @Query() query: TimelineQueryDto,
  ): Promise<Page<TimelineItemDto>> {
    return this.timeline.forPatient(scope.clinicId!, id, query);
  }
}
