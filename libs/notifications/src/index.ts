export * from './mailer';
export * from './log-mailer';
export * from './smtp-mailer';
export * from './notifications.module';
