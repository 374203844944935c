import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, createLogger, PinoNestLogger } from '@kap/core';
import type { DestinationStream } from 'pino';
import { WorkerModule } from './worker.module';

/** The worker is an application context: no HTTP server, graceful shutdown on SIGTERM. */
export async function createWorker(
  config: AppConfig,
  logDestination?: DestinationStream,
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: new PinoNestLogger(createLogger(config.logLevel, logDestination)),
  });
  app.enableShutdownHooks();
  return app;
}
