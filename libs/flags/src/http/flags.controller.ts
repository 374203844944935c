import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, Audit, CurrentScope, CurrentUser, Scoped, UuidParam } from '@kap/core';
import type { AuthUser, Page, RequestScope } from '@kap/core';
import { FlagsService } from '../flags.service';
import { AcknowledgeFlagDto, FlagDto, ListFlagsQueryDto, ResolveFlagDto } from './flag.dto';

@ApiTags('flags')
@Controller('flags')
export class FlagsController {
  constructor(private readonly flags: FlagsService) {}

  @Get()
  @Allow('clinician', 'supervisor')
  @Scoped({ clinicFrom: 'query', field: 'clinicId', optional: true })
  @Audit('flag.list', 'flag')
  @ApiOperation({ summary: 'The review queue: open first, critical first, newest first' })
  @ApiOkResponse({ type: FlagDto, isArray: true })
  list(@CurrentUser() user: AuthUser, @Query() query: ListFlagsQueryDto): Promise<Page<FlagDto>> {
    return this.flags.list(user, query);
  }

  @Get(':id')
  @Allow('clinician', 'supervisor')
  @Scoped({ resource: 'flag', param: 'id' })
  @Audit('flag.read', 'flag')
  @ApiOkResponse({ type: FlagDto })
  get(@CurrentScope() scope: RequestScope, @UuidParam('id') id: string): Promise<FlagDto> {
    return this.flags.get(scope.clinicId!, id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Allow('supervisor')
  @Scoped({ resource: 'flag', param: 'id' })
  @Audit('flag.acknowledge', 'flag')
  @ApiOperation({ summary: 'Seen by a supervisor: stops the escalation' })
  @ApiOkResponse({ type: FlagDto })
  @ApiConflictResponse({ description: 'FLAG_NOT_OPEN' })
  acknowledge(
    @CurrentScope() scope: RequestScope,
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
    @Body() dto: AcknowledgeFlagDto,
  ): Promise<FlagDto> {
    return this.flags.acknowledge(scope.clinicId!, id, user, dto.comment?.trim() || null);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Allow('supervisor')
  @Scoped({ resource: 'flag', param: 'id' })
  @Audit('flag.resolve', 'flag')
  @ApiOperation({ summary: 'Closed with a comment; lifts its hold on dosing' })
  @ApiOkResponse({ type: FlagDto })
  @ApiConflictResponse({ description: 'FLAG_RESOLVED' })
  resolve(
    @CurrentScope() scope: RequestScope,
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
    @Body() dto: ResolveFlagDto,
  ): Promise<FlagDto> {
    return this.flags.resolve(scope.clinicId!, id, user, dto.comment.trim());
  }
}
