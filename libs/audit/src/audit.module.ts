import { Global, Module } from '@nestjs/common';
import { AuditSink } from '@kap/core';
import { AuditService } from './audit.service';

/** The audit log's face: any domain may record an event. */
@Global()
@Module({
  providers: [AuditService, { provide: AuditSink, useExisting: AuditService }],
  exports: [AuditService, AuditSink],
})
export class AuditModule {}
