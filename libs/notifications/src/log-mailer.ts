import { Logger } from '@nestjs/common';
import type { MailAttachment, OutgoingMessage, SendResult } from './mailer';
import { Mailer } from './mailer';

/**
 * Development channel when no SMTP server is configured. It logs that a message went out and its
 * Message-ID, never its recipient or text (logs hold no PHI; the first name is PHI).
 */
export class LogMailer extends Mailer {
  readonly channel = 'log' as const;
  private readonly logger = new Logger(LogMailer.name);

  async send(message: OutgoingMessage, attachments: MailAttachment[] = []): Promise<SendResult> {
    this.logger.log(
      { channel: 'log', messageId: message.messageId, attachments: attachments.length },
      'mail delivered to the log channel (no SMTP_URL)',
    );
    return { channel: 'log', messageId: message.messageId, response: 'logged' };
  }
}
