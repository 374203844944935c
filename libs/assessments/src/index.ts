export * from './assessments.module';
export * from './assessments.service';
