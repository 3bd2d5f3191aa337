import nodemailer from 'nodemailer';
import type { SmtpConfig } from './config.js';

export type { SmtpConfig } from './config.js';

/** One plain email. `text` is the body every client shows; nothing here is HTML. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends email through the configured SMTP server. The one place Kindling sends mail from. */
export interface Mailer {
  /** Resolves once the server accepted the message; rejects with the server's answer otherwise. */
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
}

export interface MailerOptions {
  smtp: SmtpConfig;
  /** From `KINDLING_SMTP_PASSWORD`; never logged. */
  password: string | null;
}

/**
 * A pooled nodemailer transport (a few connections reused, so a burst of alerts does not open one
 * connection per message). Subjects and addresses are passed as fields, never spliced into
 * headers, so a lead's name with a newline in it cannot add a header.
 */
export function createMailer(options: MailerOptions): Mailer {
  const { smtp, password } = options;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTls,
    pool: true,
    maxConnections: 3,
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs,
    auth: smtp.user ? { user: smtp.user, pass: password ?? '' } : undefined,
    // nodemailer logs nothing unless asked; keep it that way (a debug log would print credentials).
    logger: false,
    debug: false,
  });
  return {
    async send(message) {
      const info = await transport.sendMail({ from: smtp.from, to: message.to, subject: message.subject, text: message.text });
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}
