import { performance } from 'node:perf_hooks';
import { emailOf } from '../payload/email.js';
import type { Mailer } from '../../mail/index.js';
import type { DeliveryRequest, DeliveryResult, Transport } from './transport.js';

/**
 * Email channels go through the same outbox, retries and attempt log as webhooks: a personal
 * email channel is an endpoint whose URL is `mailto:<address>`, and this transport sends its
 * message over SMTP. The attempt log records SMTP's own codes (250 accepted); a permanent refusal
 * (5xx) fails the message, anything else (4xx, a connection error) is retried like a webhook.
 */

/** Sends one email (the mail module's); rejects with the SMTP error (nodemailer's `responseCode` when the server answered). */
export type SendMail = Mailer['send'];

export const MAILTO = 'mailto:';
export const isMailto = (url: string) => url.startsWith(MAILTO);

export function createMailTransport(send: SendMail | null): Transport {
  return async (request: DeliveryRequest): Promise<DeliveryResult> => {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    if (!send)
      return { kind: 'failure', failure: 'refused', error: 'email is not configured (no smtp block in the config file)', latencyMs: 0 };
    const to = decodeURIComponent(request.url.slice(MAILTO.length));
    const { subject, text } = emailOf(request.body);
    try {
      await send({ to, subject, text });
      return { kind: 'response', status: 250, retryAfter: null, location: null, bodySnippet: '', latencyMs: elapsed() };
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      const error = `SMTP${code ? ` ${code}` : ''}: ${(err as Error).message}`;
      return { kind: 'failure', failure: code !== undefined && code >= 500 ? 'refused' : 'network', error, latencyMs: elapsed() };
    }
  };
}

/** One transport for every endpoint: `mailto:` by email, the rest over HTTP. */
export const byScheme =
  (http: Transport, mail: Transport): Transport =>
  (request) =>
    (isMailto(request.url) ? mail : http)(request);
