import { Module, OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '@kap/core';
import { ReminderDeliveryService } from './reminder-delivery.service';
import { ReminderScheduler } from './reminder-scheduler';
import { RemindersService } from './reminders.service';

/**
 * Patient reminders: created from the clinical domain events in the emitting transaction, delivered by
 * the worker through the `Mailer` (NotificationsModule, global).
 */
@Module({
  providers: [ReminderScheduler, ReminderDeliveryService, RemindersService],
  exports: [ReminderScheduler, ReminderDeliveryService, RemindersService],
})
export class RemindersModule implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly scheduler: ReminderScheduler,
  ) {}

  onModuleInit() {
    this.events.on('session.scheduled', (m, e) => this.scheduler.sessionScheduled(m, e));
    this.events.on('session.rescheduled', (m, e) => this.scheduler.sessionRescheduled(m, e));
    this.events.on('session.cancelled', (m, e) => this.scheduler.sessionCancelled(m, e));
    this.events.on('session.completed', (m, e) => this.scheduler.sessionCompleted(m, e));
    this.events.on('patient.first_dose', (m, e) => this.scheduler.firstDose(m, e));
  }
}
