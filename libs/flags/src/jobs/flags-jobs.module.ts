import { Module } from '@nestjs/common';
import { FlagsModule } from '../flags.module';
import { FlagEscalationJob } from './flag-escalation.job';

@Module({ imports: [FlagsModule], providers: [FlagEscalationJob] })
export class FlagsJobsModule {}
