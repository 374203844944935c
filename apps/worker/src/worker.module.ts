import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, CoreConfigModule, CoreJobsModule, CoreModule } from '@kap/core';
import { AuditModule } from '@kap/audit';
import { FlagsJobsModule } from '@kap/flags';
import { NotificationsModule } from '@kap/notifications';
import { RemindersJobsModule } from '@kap/reminders';
import { ReportsJobsModule } from '@kap/reports';

/** The job deployable: no HTTP, only job handlers and the outbox relay. */
@Module({})
export class WorkerModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreConfigModule.forRoot(config),
        CoreModule,
        AuditModule,
        NotificationsModule,
        FlagsJobsModule,
        RemindersJobsModule,
        ReportsJobsModule,
        CoreJobsModule,
      ],
    };
  }
}
