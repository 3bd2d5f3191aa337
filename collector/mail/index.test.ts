import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../../test/support/smtp.js';
import { createMailer, type Mailer } from './index.js';

describe('mailer', () => {
  let smtp: TestSmtpServer;
  let mailer: Mailer;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    mailer = createMailer({
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, requireTls: false, from: 'Kindling <k@example.com>', timeoutMs: 5000 },
      password: null,
    });
  });
  afterAll(async () => {
    mailer.close();
    await smtp.close();
  });

  it('delivers a plain message to a real SMTP server, with the configured sender', async () => {
    const text = `Ann Müller — Acme GmbH entered SQL.\nOpen: http://localhost:8787/#/leads/42?${'x'.repeat(120)}\n`;
    await mailer.send({ to: 'rep@example.com', subject: 'Hot lead: Ann', text });
    const mail = await smtp.waitFor((m) => m.to.includes('rep@example.com'));
    expect(mail.from).toBe('k@example.com');
    expect(mail.subject).toBe('Hot lead: Ann');
    expect(mail.text.trim()).toBe(text.trim());
  });

  it('a subject with a line break cannot add a header', async () => {
    await mailer.send({ to: 'rep2@example.com', subject: 'Hi\r\nBcc: evil@example.com', text: 'x' });
    const mail = await smtp.waitFor((m) => m.to.includes('rep2@example.com'));
    expect(mail.to).toEqual(['rep2@example.com']);
    expect(mail.raw).not.toMatch(/^Bcc:/im);
  });

  it('rejects when the server is unreachable', async () => {
    const dead = createMailer({
      smtp: { host: '127.0.0.1', port: 1, secure: false, requireTls: false, from: 'k@example.com', timeoutMs: 2000 },
      password: null,
    });
    await expect(dead.send({ to: 'a@example.com', subject: 's', text: 't' })).rejects.toThrow();
    dead.close();
  });
});
