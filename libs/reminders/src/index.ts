export * from './reminders.module';
export * from './reminder-scheduler';
export * from './reminder-delivery.service';
export * from './reminder-messages';
export * from './reminders.service';
export * from './http/reminders-http.module';
export * from './http/reminder.dto';
export * from './jobs/reminders-jobs.module';
