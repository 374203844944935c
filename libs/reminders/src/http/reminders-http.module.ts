import { Module } from '@nestjs/common';
import { RemindersModule } from '../reminders.module';
import { RemindersController } from './reminders.controller';

@Module({ imports: [RemindersModule], controllers: [RemindersController] })
export class RemindersHttpModule {}
