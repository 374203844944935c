import { Injectable } from '@nestjs/common';
import { JobName, OnJob } from '@kap/core';
import type { JobContext } from '@kap/core';
import { ReminderDeliveryService } from '../reminder-delivery.service';

@Injectable()
export class SendReminderJob {
  constructor(private readonly delivery: ReminderDeliveryService) {}

  @OnJob(JobName.ReminderSend)
  run(ctx: JobContext): Promise<string> {
    return this.delivery.deliver(String(ctx.payload.reminderId), Number(ctx.payload.revision));
  }
}
