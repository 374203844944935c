export * from './identity.module';
export * from './http/identity-http.module';
export * from './clinics.service';
export * from './users.service';
export * from './password';
export * from './http/clinic.dto';
export * from './http/user.dto';
