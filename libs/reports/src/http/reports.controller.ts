import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow, Audit, CurrentUser, fieldError, Idempotent, UuidParam } from '@kap/core';
import type { AuthUser } from '@kap/core';
import { FoundationOutcomesService } from '../foundation-outcomes.service';
import type { FoundationOutcomes } from '../foundation-outcomes.service';
import { ReportsService } from '../reports.service';
import { CreateReportDto, FoundationOutcomesQueryDto, ReportDto } from './report.dto';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly foundation: FoundationOutcomesService,
  ) {}

  @Get('foundation-outcomes')
  @Allow('foundation', 'admin')
  @Audit('report.foundation_outcomes', 'report')
  @ApiOperation({
    summary: 'Aggregate, de-identified outcomes of scholarship recipients (SPEC §3), computed live',
  })
  foundationOutcomes(@Query() q: FoundationOutcomesQueryDto): Promise<FoundationOutcomes> {
    if (q.from && q.to && q.from > q.to) throw fieldError('to', 'to must not be before from');
    return this.foundation.compute({ from: q.from ?? null, to: q.to ?? null, groupBy: q.groupBy ?? 'none' });
  }

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @Allow('supervisor', 'foundation', 'admin')
  @Idempotent()
  @Audit('report.request', 'report')
  @ApiOperation({ summary: 'Queue a report; poll GET /reports/:id, then download' })
  @ApiAcceptedResponse({ type: ReportDto })
  request(@CurrentUser() user: AuthUser, @Body() dto: CreateReportDto): Promise<ReportDto> {
    return this.reports.request(user, dto);
  }

  @Get()
  @Allow('supervisor', 'foundation', 'admin')
  @Audit('report.list', 'report')
  @ApiOperation({ summary: 'The latest 100 reports you may read (yours and scheduled ones)' })
  @ApiOkResponse({ type: ReportDto, isArray: true })
  list(@CurrentUser() user: AuthUser): Promise<ReportDto[]> {
    return this.reports.list(user);
  }

  @Get(':id')
  @Allow('supervisor', 'foundation', 'admin')
  @Audit('report.read', 'report')
  @ApiOkResponse({ type: ReportDto })
  get(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<ReportDto> {
    return this.reports.get(user, id);
  }

  @Get(':id/download')
  @Allow('supervisor', 'foundation', 'admin')
  @Audit('report.download', 'report')
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  async download(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<StreamableFile> {
    const file = await this.reports.download(user, id);
    return new StreamableFile(file.content, {
      type: file.contentType,
      disposition: `attachment; filename="${file.fileName}"`,
      length: file.content.length,
    });
  }
}
