import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { EmailPayload } from '../modules/outbox/outbox-message.entity.js';

export interface Mailer {
  /** `messageId` is the Message-ID header, stable across retries so that a receiver can discard a re-send */
  send(email: EmailPayload, options?: { messageId?: string }): Promise<void>;
  close(): void;
}

/**
 * SMTP when SMTP_URL is set; otherwise each message is kept as an .eml file in the mail folder, listed by the
 * developer mailbox page (/dev/mail), so nothing is lost and nothing leaves the machine.
 */
export function createMailer(options: {
  smtpUrl: string | undefined;
  from: string;
  mailDir: string;
}): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(email, extra) {
        await transport.sendMail({ from: options.from, ...email, messageId: extra?.messageId });
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(email, extra) {
      const info = await transport.sendMail({ from: options.from, ...email, messageId: extra?.messageId });
      await mkdir(options.mailDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^a-z0-9]/gi, '')}.eml`;
      await writeFile(join(options.mailDir, name), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}
