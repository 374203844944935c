import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, Audit, CurrentUser, Scoped } from '@kap/core';
import type { AuthUser, Page } from '@kap/core';
import { RemindersService } from '../reminders.service';
import { ListRemindersQueryDto, ReminderDto } from './reminder.dto';

@ApiTags('reminders')
@Controller('reminders')
@Allow('clinician', 'supervisor')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get()
  @Scoped({ resource: 'patient', query: 'patientId' })
  @Audit('reminder.list', 'reminder')
  @ApiOperation({ summary: 'Reminders of your clinics (or of one patient), by due time' })
  @ApiOkResponse({ type: ReminderDto, isArray: true })
  list(@CurrentUser() user: AuthUser, @Query() query: ListRemindersQueryDto): Promise<Page<ReminderDto>> {
    return this.reminders.list(user, query);
  }
}
