import { Module } from '@nestjs/common';
import { ClinicReportsService } from './clinic-reports.service';
import { FoundationOutcomesService } from './foundation-outcomes.service';
import { ReportGeneratorService } from './report-generator.service';
import { ReportsDataSource } from './reports-data-source';
import { ReportsService } from './reports.service';

/** Aggregate reports: foundation outcomes (de-identified), supervisor flag digest, clinic activity. */
@Module({
  providers: [
    ReportsDataSource,
    FoundationOutcomesService,
    ClinicReportsService,
    ReportGeneratorService,
    ReportsService,
  ],
  exports: [FoundationOutcomesService, ReportGeneratorService, ReportsService],
})
export class ReportsModule {}
