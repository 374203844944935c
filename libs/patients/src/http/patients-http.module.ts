import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients.module';
import { PatientsController } from './patients.controller';

@Module({ imports: [PatientsModule], controllers: [PatientsController] })
export class PatientsHttpModule {}
