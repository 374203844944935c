/** One e-mail. The text is written by the caller and must carry no clinical detail. */
export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  /** RFC 5322 Message-ID, `<local@domain>`; deterministic per delivery so the server can trace it. */
  messageId: string;
}

export interface SendResult {
  channel: 'email' | 'log';
  messageId: string;
  /** The server's answer (`250 OK ...`), or `logged`. */
  response: string;
}

/**
 * How the platform talks to people: `email` over SMTP when `SMTP_URL` is set, else `log` (development).
 * Used by reminders, the supervisor digest and flag escalations. Inject `Mailer`.
 */
export abstract class Mailer {
  abstract readonly channel: 'email' | 'log';
  abstract send(message: OutgoingMessage, attachments?: MailAttachment[]): Promise<SendResult>;
}

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/**
 * A failed send is either a definite "not accepted" (the server answered 4xx/5xx, or no connection was
 * ever made), after which sending again cannot duplicate anything, or of unknown outcome (the
 * connection broke after the message may have been accepted), after which sending again could.
 */
export type SendFailure = 'rejected' | 'unknown';

const NEVER_CONNECTED = new Set(['ECONNECTION', 'EDNS', 'EAUTH', 'ETLS', 'EENVELOPE', 'ECONNREFUSED']);

export function classifySendError(error: unknown): SendFailure {
  const e = error as { responseCode?: unknown; code?: unknown; command?: unknown };
  if (typeof e?.responseCode === 'number' && e.responseCode >= 400) return 'rejected';
  if (typeof e?.code === 'string' && NEVER_CONNECTED.has(e.code)) return 'rejected';
  if (e?.command === 'CONN') return 'rejected';
  return 'unknown';
}

/** A short reason safe for logs and the database: never the message or its recipient. */
export function sendErrorReason(error: unknown): string {
  const e = error as { responseCode?: unknown; code?: unknown; message?: unknown };
  if (typeof e?.responseCode === 'number') return `SMTP ${e.responseCode}`;
  if (typeof e?.code === 'string') return e.code;
  return 'send failed';
}
