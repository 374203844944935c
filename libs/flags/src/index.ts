export * from './flag.types';
export * from './flag-sql';
export * from './flags.module';
export * from './flags.service';
export * from './http/flags-http.module';
export * from './http/flag.dto';
export * from './jobs/flags-jobs.module';
export * from './jobs/flag-escalation.job';
