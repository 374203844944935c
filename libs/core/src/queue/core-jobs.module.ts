import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MaintenanceJobs } from './maintenance.jobs';
import { OutboxRelay } from './outbox-relay';
import { WorkerHost } from './worker-host';

/** The worker's engine: handler registry, BullMQ workers, schedulers and the outbox relay. */
@Module({
  imports: [DiscoveryModule],
  providers: [OutboxRelay, WorkerHost, MaintenanceJobs],
  exports: [OutboxRelay],
})
export class CoreJobsModule {}
