import { Module, OnModuleInit } from '@nestjs/common';
import { ScopeResolverRegistry } from '@kap/core';
import { IdentityModule } from '@kap/identity';
import { FlagsService } from './flags.service';

@Module({
  imports: [IdentityModule],
  providers: [FlagsService],
  exports: [FlagsService],
})
export class FlagsModule implements OnModuleInit {
  constructor(private readonly scopes: ScopeResolverRegistry) {}

  onModuleInit() {
    this.scopes.register({ resource: 'flag', sql: `SELECT clinic_id, patient_id FROM flags WHERE id = $1` });
  }
}
