import { Module, OnModuleInit } from '@nestjs/common';
import { ScopeResolverRegistry } from '@kap/core';
import { PatientsService } from './patients.service';

@Module({
  providers: [PatientsService],
  exports: [PatientsService],
})
export class PatientsModule implements OnModuleInit {
  constructor(private readonly scopes: ScopeResolverRegistry) {}

  onModuleInit() {
    this.scopes.register({
      resource: 'patient',
      sql: `SELECT clinic_id, id AS patient_id FROM patients WHERE id = $1`,
    });
  }
}
