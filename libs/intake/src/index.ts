export * from './intake.module';
export * from './intake.service';
export * from './http/intake-http.module';
export * from './http/intake.dto';
