export * from './audit.module';
export * from './audit.service';
export * from './http/audit-http.module';
export * from './verify-audit-chain';
