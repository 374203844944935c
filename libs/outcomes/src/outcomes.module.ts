import { Module } from '@nestjs/common';
import { AssessmentsModule } from '@kap/assessments';
import { AssessmentRecordsService } from './assessment-records.service';
import { OutcomesService } from './outcomes.service';
import { TimelineService } from './timeline.service';

/** Per-patient outcomes, the patient timeline and the HTTP face of assessments. */
@Module({
  imports: [AssessmentsModule],
  providers: [AssessmentRecordsService, OutcomesService, TimelineService],
  exports: [AssessmentRecordsService, OutcomesService, TimelineService],
})
export class OutcomesModule {}
