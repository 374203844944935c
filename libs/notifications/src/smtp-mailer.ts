import { Logger } from '@nestjs/common';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { MailAttachment, OutgoingMessage, SendResult } from './mailer';
import { Mailer } from './mailer';

/** SMTP timeouts: together well below the reminder lease (REMINDER_LEASE_MS, 2 minutes by default). */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export class SmtpMailer extends Mailer {
  readonly channel = 'email' as const;
  private readonly logger = new Logger(SmtpMailer.name);
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    super();
    // One connection per message (no pool): a message's outcome is tied to its own SMTP transaction.
    this.transport = nodemailer.createTransport({ url: smtpUrl, ...TIMEOUTS, pool: false });
  }

  async send(message: OutgoingMessage, attachments: MailAttachment[] = []): Promise<SendResult> {
    const info = await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      messageId: message.messageId,
      attachments,
    });
    this.logger.log({ channel: 'email', messageId: message.messageId }, 'mail sent');
    return { channel: 'email', messageId: message.messageId, response: String(info.response ?? '') };
  }

  close(): void {
    this.transport.close();
  }
}
