import { Module, OnModuleInit } from '@nestjs/common';
import { ScopeResolverRegistry } from '@kap/core';
import { AssessmentsModule } from '@kap/assessments';
import { FlagsModule } from '@kap/flags';
import { IntakeService } from './intake.service';

@Module({
  imports: [AssessmentsModule, FlagsModule],
  providers: [IntakeService],
  exports: [IntakeService],
})
export class IntakeModule implements OnModuleInit {
  constructor(private readonly scopes: ScopeResolverRegistry) {}

  onModuleInit() {
    this.scopes.register({
      resource: 'intake',
      sql: `SELECT clinic_id, patient_id FROM intakes WHERE id = $1`,
    });
  }
}
