import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@kap/core';
import type { AppConfig } from '@kap/core';
import { LogMailer } from './log-mailer';
import { Mailer } from './mailer';
import { SmtpMailer } from './smtp-mailer';

export function createMailer(config: AppConfig): Mailer {
  return config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : new LogMailer();
}

/** The platform's outgoing channel (`Mailer`): SMTP when SMTP_URL is set, else the log. */
@Global()
@Module({
  providers: [{ provide: Mailer, inject: [APP_CONFIG], useFactory: createMailer }],
  exports: [Mailer],
})
export class NotificationsModule implements OnApplicationShutdown {
  constructor(private readonly mailer: Mailer) {}

  onApplicationShutdown() {
    if (this.mailer instanceof SmtpMailer) this.mailer.close();
  }
}
