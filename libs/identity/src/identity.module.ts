import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserLookup } from '@kap/core';
import { ClinicEntity } from './clinic.entity';
import { ClinicsService } from './clinics.service';
import { UserEntity } from './user.entity';
import { UserLookupService } from './user-lookup.service';
import { UsersService } from './users.service';

/** Accounts and clinics. Its face: the user lookup for the auth gate, clinics and their settings. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, ClinicEntity])],
  providers: [
    ClinicsService,
    UsersService,
    UserLookupService,
    { provide: UserLookup, useExisting: UserLookupService },
  ],
  exports: [ClinicsService, UsersService, UserLookup],
})
export class IdentityModule {}
