import { Module, OnModuleInit } from '@nestjs/common';
import { ScopeResolverRegistry } from '@kap/core';
import { FlagsModule } from '@kap/flags';
import { IdentityModule } from '@kap/identity';
import { AdverseEventsService } from './adverse-events.service';
import { DischargeService } from './discharge.service';
import { DosesService } from './doses.service';
import { SessionsService } from './sessions.service';
import { VitalsService } from './vitals.service';

const SERVICES = [SessionsService, DosesService, VitalsService, AdverseEventsService, DischargeService];

/** Dosing sessions with their doses, vitals, adverse events and discharge. */
@Module({ imports: [FlagsModule, IdentityModule], providers: SERVICES, exports: SERVICES })
export class SessionsModule implements OnModuleInit {
  constructor(private readonly scopes: ScopeResolverRegistry) {}

  onModuleInit() {
    this.scopes.register({
      resource: 'session',
      sql: `SELECT clinic_id, patient_id FROM dosing_sessions WHERE id = $1`,
    });
  }
}
