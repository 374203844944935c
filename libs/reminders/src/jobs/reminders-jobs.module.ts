import { Module } from '@nestjs/common';
import { RemindersModule } from '../reminders.module';
import { SendReminderJob } from './send-reminder.job';

@Module({ imports: [RemindersModule], providers: [SendReminderJob] })
export class RemindersJobsModule {}
