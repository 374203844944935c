export * from './patients.module';
export * from './patients.service';
export * from './http/patients-http.module';
export * from './http/patient.dto';
