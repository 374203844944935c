import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports.module';
import { ReportJobs } from './report.jobs';

@Module({ imports: [ReportsModule], providers: [ReportJobs] })
export class ReportsJobsModule {}
