import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AuthGuard } from '../auth/auth.guard';
import { HealthController } from './health.controller';
import { HttpExceptionFilter } from './http-exception.filter';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { QueuesController } from './queues.controller';

/** What every HTTP request passes through: the auth gate, idempotency, the error filter, health, the admin queue dashboard. */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: false })],
  controllers: [HealthController, QueuesController],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
  ],
})
export class CoreHttpModule {}
