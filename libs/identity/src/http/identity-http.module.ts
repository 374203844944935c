import { Module } from '@nestjs/common';
import { AuthService } from '../auth.service';
import { BootstrapAdmin } from '../bootstrap-admin';
import { IdentityModule } from '../identity.module';
import { AuthController } from './auth.controller';
import { ClinicsController } from './clinics.controller';
import { UsersController } from './users.controller';

@Module({
  imports: [IdentityModule],
  controllers: [AuthController, ClinicsController, UsersController],
  providers: [AuthService, BootstrapAdmin],
})
export class IdentityHttpModule {}
