import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { ScopeResolverRegistry } from './auth/scope-resolvers';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { DatabaseModule } from './database/database.module';
import { DomainEvents } from './events/domain-events';
import { OutboxService } from './queue/outbox.service';
import { QueueProducer } from './queue/queue-producer';

/** The platform under every domain: database, tokens, clinic-scope resolvers, the job outbox. */
@Global()
@Module({
  imports: [
    DatabaseModule,
    JwtModule.registerAsync({
      global: true,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse it
        // as a public key on every verification, a sixth of the API's CPU under load (bench/README.md).
        secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256', expiresIn: config.jwtTtlSeconds },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [ScopeResolverRegistry, OutboxService, QueueProducer, DomainEvents],
  exports: [ScopeResolverRegistry, OutboxService, QueueProducer, DomainEvents, JwtModule],
})
export class CoreModule {}
