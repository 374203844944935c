import { Module } from '@nestjs/common';
import { OutcomesModule } from '../outcomes.module';
import { PatientCourseController } from './patient-course.controller';

@Module({ imports: [OutcomesModule], controllers: [PatientCourseController] })
export class OutcomesHttpModule {}
