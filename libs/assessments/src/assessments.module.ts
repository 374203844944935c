import { Module } from '@nestjs/common';
import { FlagsModule } from '@kap/flags';
import { AssessmentsService } from './assessments.service';

/** Scored questionnaires (PHQ-9, GAD-7); the HTTP routes over them live with the outcomes. */
@Module({
  imports: [FlagsModule],
  providers: [AssessmentsService],
  exports: [AssessmentsService],
})
export class AssessmentsModule {}
