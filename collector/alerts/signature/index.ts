import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the signed content is
 * `${webhook-id}.${webhook-timestamp}.${body}`, the key is the secret's base64 part decoded,
 * the signature is `v1,` + base64(HMAC-SHA256). A receiver recomputes it and compares.
 */

export const SECRET_PREFIX = 'whsec_';
export const SECRET_MIN_BYTES = 24;
export const SECRET_MAX_BYTES = 64;
const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]+={0,2}$/;
/** Receivers should refuse messages whose timestamp is further than this from now (replays). */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export function generateSecret(bytes = 32): string {
  return SECRET_PREFIX + randomBytes(bytes).toString('base64');
}

/** The key bytes of a `whsec_` secret, or null when the secret is malformed or out of the 24–64 byte range. */
export function secretKey(secret: string): Buffer | null {
  if (!SECRET_PATTERN.test(secret)) return null;
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  return key.length >= SECRET_MIN_BYTES && key.length <= SECRET_MAX_BYTES ? key : null;
}

export function isValidSecret(secret: string): boolean {
  return secretKey(secret) !== null;
}

function keyOrThrow(secret: string): Buffer {
  const key = secretKey(secret);
  if (!key) throw new TypeError(`webhook secrets are "${SECRET_PREFIX}" + base64 of ${SECRET_MIN_BYTES}-${SECRET_MAX_BYTES} bytes`);
  return key;
}

/** `v1,<base64 HMAC-SHA256 of id.timestamp.body>`. */
export function sign(secret: string, msgId: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', keyOrThrow(secret)).update(`${msgId}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

export function signedHeaders(secret: string, msgId: string, timestampSeconds: number, body: string): WebhookHeaders {
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': sign(secret, msgId, timestampSeconds, body),
  };
}

export interface VerifyOptions {
  /** Now, ms since epoch (defaults to Date.now()). */
  nowMs?: number;
  toleranceSeconds?: number;
}

export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

type HeaderSource = Record<string, string | string[] | undefined> | Headers;

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * What a receiver does: checks the timestamp is recent and that one of the (space-separated)
 * `v1,` signatures matches, comparing in constant time. Throws WebhookVerificationError;
 * returns the message id so the receiver can deduplicate on it.
 */
export function verify(secret: string, headers: HeaderSource, body: string, options: VerifyOptions = {}): string {
  const msgId = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!msgId || !timestamp || !signatures) throw new WebhookVerificationError('missing webhook-id, webhook-timestamp or webhook-signature');
  const seconds = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || !Number.isSafeInteger(seconds)) throw new WebhookVerificationError('bad webhook-timestamp');
  const nowSeconds = Math.floor((options.nowMs ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - seconds) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    throw new WebhookVerificationError('webhook-timestamp outside the tolerance window');
  }
  const expected = Buffer.from(sign(secret, msgId, seconds, body).slice(3), 'base64');
  for (const candidate of signatures.split(' ')) {
    const [version, mac] = candidate.split(',', 2);
    if (version !== 'v1' || !mac) continue;
    const given = Buffer.from(mac, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return msgId;
  }
  throw new WebhookVerificationError('no matching signature');
}
