import { Module } from '@nestjs/common';
import { IntakeModule } from '../intake.module';
import { IntakeController } from './intake.controller';

@Module({ imports: [IntakeModule], controllers: [IntakeController] })
export class IntakeHttpModule {}
