import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { JOB_HANDLER_KEY, JobContext } from './job-handler';
import { JobName, JobPayload, JOBS, QueueName } from './jobs';
import { OutboxRelay } from './outbox-relay';
import { createRedis } from './redis';
import { SCHEDULES } from './schedules';
import { jobOptions, QueueProducer } from './queue-producer';

type Handler = (ctx: JobContext) => Promise<unknown>;

/** Finds `@OnJob` handlers, refuses to boot unless every job has exactly one, and runs the queues. */
export function buildHandlerRegistry(
  found: { name: JobName; owner: string; run: Handler }[],
): Map<JobName, Handler> {
  const problems: string[] = [];
  const registry = new Map<JobName, Handler>();
  for (const name of Object.values(JobName)) {
    const handlers = found.filter((h) => h.name === name);
    if (handlers.length === 0) problems.push(`job ${name} has no handler`);
    if (handlers.length > 1)
      problems.push(
        `job ${name} has ${handlers.length} handlers (${handlers.map((h) => h.owner).join(', ')})`,
      );
    if (handlers.length === 1) registry.set(name, handlers[0].run);
  }
  if (problems.length) throw new Error(`Job handler registry: ${problems.join('; ')}`);
  return registry;
}

@Injectable()
export class WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHost.name);
  private readonly workers: Worker[] = [];
  private connection?: Redis;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly relay: OutboxRelay,
    private readonly producer: QueueProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const registry = buildHandlerRegistry(this.discover());
    this.connection = createRedis(this.config.redisUrl, 'worker');
    for (const queue of Object.values(QueueName)) {
      const worker = new Worker(queue, (job: Job) => this.run(registry, job), {
        connection: this.connection,
        prefix: this.config.queuePrefix,
        concurrency: queue === QueueName.Reports ? 2 : 20,
      });
      worker.on('failed', (job, err) =>
        this.logger.warn(
          { queue, jobName: job?.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message },
          'job failed',
        ),
      );
      worker.on('error', (err) => this.logger.warn({ queue, err: err.message }, 'worker error'));
      this.workers.push(worker);
    }
    for (const s of SCHEDULES) {
      await this.producer
        .queue(JOBS[s.job].queue)
        .upsertJobScheduler(s.id, 'pattern' in s ? { pattern: s.pattern, tz: 'UTC' } : { every: s.everyMs }, {
          name: s.job,
          data: {},
          opts: jobOptions(s.job, this.config.jobBackoffMs),
        });
    }
    this.relay.start();
    this.logger.log({ queues: Object.values(QueueName), handlers: registry.size }, 'worker started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    // close() waits for the jobs in flight to finish; none is taken after this point.
    await Promise.all(this.workers.map((w) => w.close()));
    this.connection?.disconnect();
  }

  private async run(registry: Map<JobName, Handler>, job: Job): Promise<unknown> {
    const handler = registry.get(job.name as JobName);
    if (!handler) throw new UnrecoverableError(`No handler for job ${job.name}`);
    return handler({ id: String(job.id), attemptsMade: job.attemptsMade, payload: job.data as JobPayload });
  }

  private discover(): { name: JobName; owner: string; run: Handler }[] {
    const found: { name: JobName; owner: string; run: Handler }[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const name = this.reflector.get<JobName | undefined>(JOB_HANDLER_KEY, fn as Handler);
        if (name) {
          found.push({
            name,
            owner: `${wrapper.name}.${method}`,
            run: (ctx) => (fn as Handler).call(instance, ctx),
          });
        }
      }
    }
    return found;
  }
}
