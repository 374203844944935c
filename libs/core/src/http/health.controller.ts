import { Controller, Get, Inject, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { Public } from '../auth/decorators';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { QueueProducer } from '../queue/queue-producer';
import { createRedis } from '../queue/redis';
import { queueCounts } from './queues.controller';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController implements OnModuleInit, OnModuleDestroy {
  private redis?: Redis;

  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly producer: QueueProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The process is up (for a liveness probe: no dependency checked). */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Ready to serve: PostgreSQL and Redis answer (503 otherwise). */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      () => this.redisCheck(),
      () => this.queuesCheck(),
    ]);
  }

  /** Depth and failed count per queue, for operators; down only when the counts cannot be read. */
  private async queuesCheck() {
    const indicator = this.indicators.check('queues');
    let timer: NodeJS.Timeout | undefined;
    try {
      const counts = await Promise.race([
        queueCounts(this.producer),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), 2000);
        }),
      ]);
      const details = Object.fromEntries(
        Object.entries(counts).map(([name, c]) => [
          name,
          {
            depth: (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0),
            active: c.active ?? 0,
            failed: c.failed ?? 0,
          },
        ]),
      );
      return indicator.up(details);
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }

  private async redisCheck() {
    const indicator = this.indicators.check('redis');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.redis!.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), 2000);
        }),
      ]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }

  onModuleInit() {
    this.redis = createRedis(this.config.redisUrl, 'health');
  }

  onModuleDestroy() {
    this.redis?.disconnect();
  }
}
