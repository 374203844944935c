import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditInterceptor } from '../audit.interceptor';
import { AuditQueryService } from '../audit-query.service';
import { AuditModule } from '../audit.module';
import { AuditEventsController } from './audit-events.controller';

@Module({
  imports: [AuditModule],
  controllers: [AuditEventsController],
  providers: [AuditQueryService, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
})
export class AuditHttpModule {}
