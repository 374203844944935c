export * from './outcomes.module';
export * from './outcomes.service';
export * from './timeline.service';
export * from './assessment-records.service';
export * from './http/outcomes-http.module';
export * from './http/assessment.dto';
export * from './http/outcome.dto';
export * from './http/timeline.dto';
