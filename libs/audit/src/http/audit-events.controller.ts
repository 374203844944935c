import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentUser } from '@kap/core';
import type { AuthUser, Page } from '@kap/core';
import { AuditQueryService } from '../audit-query.service';
import { AuditEventDto, ListAuditEventsQueryDto } from './audit-events.dto';

@ApiTags('audit')
@Controller('audit-events')
export class AuditEventsController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @Allow('supervisor', 'admin')
  @ApiOperation({ summary: 'The audit log: supervisors see their clinics, admins everything; newest first' })
  @ApiOkResponse({ type: AuditEventDto, isArray: true })
  list(@CurrentUser() user: AuthUser, @Query() query: ListAuditEventsQueryDto): Promise<Page<AuditEventDto>> {
    return this.audit.list(user, query);
  }
}
