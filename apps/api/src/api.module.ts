import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, CoreConfigModule, CoreHttpModule, CoreModule } from '@kap/core';
import { AuditHttpModule } from '@kap/audit';
import { FlagsHttpModule } from '@kap/flags';
import { IntakeHttpModule } from '@kap/intake';
import { IdentityHttpModule } from '@kap/identity';
import { NotesHttpModule } from '@kap/notes';
import { NotificationsModule } from '@kap/notifications';
import { OutcomesHttpModule } from '@kap/outcomes';
import { PatientsHttpModule } from '@kap/patients';
import { SessionsHttpModule } from '@kap/sessions';
import { RemindersHttpModule } from '@kap/reminders';
import { ReportsHttpModule } from '@kap/reports';

/** The HTTP deployable: the platform's HTTP layer and each domain's HTTP module. */
@Module({})
export class ApiModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreConfigModule.forRoot(config),
        CoreModule,
        CoreHttpModule,
        AuditHttpModule,
        IdentityHttpModule,
        PatientsHttpModule,
        FlagsHttpModule,
        IntakeHttpModule,
        SessionsHttpModule,
        NotesHttpModule,
        OutcomesHttpModule,
        NotificationsModule,
        RemindersHttpModule,
        ReportsHttpModule,
      ],
    };
  }
}
