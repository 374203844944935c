import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, CoreConfigModule, CoreHttpModule, CoreModule } from '@kap/core';
import { AuditHttpModule } from '@kap/audit';
import { IdentityHttpModule } from '@kap/identity';
import { PatientsHttpModule } from '@kap/patients';

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
      ],
    };
  }
}
