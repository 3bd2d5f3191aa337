import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateSecret, isValidSecret, secretKey, sign, signedHeaders, verify, WebhookVerificationError } from './index.js';

// The published Standard Webhooks test vector.
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('signature', () => {
  it('matches the Standard Webhooks known answer', () => {
    expect(sign(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)).toBe(SPEC.signature);
  });

  it('verifies the spec vector at its own time and returns the message id', () => {
    const headers = { 'webhook-id': SPEC.id, 'webhook-timestamp': String(SPEC.timestamp), 'webhook-signature': SPEC.signature };
    expect(verify(SPEC.secret, headers, SPEC.body, { nowMs: SPEC.timestamp * 1000 + 10_000 })).toBe(SPEC.id);
    // Several signatures (secret rotation): any matching one passes.
    const rotated = { ...headers, 'webhook-signature': `v1,AAAA ${SPEC.signature}` };
    expect(verify(SPEC.secret, new Headers(rotated), SPEC.body, { nowMs: SPEC.timestamp * 1000 })).toBe(SPEC.id);
  });

  it('refuses a changed body, another secret, a stale timestamp and missing headers', () => {
    const secret = generateSecret();
    const now = 1_700_000_000_000;
    const headers = signedHeaders(secret, 'msg_1', now / 1000, '{"a":1}');
    expect(verify(secret, headers, '{"a":1}', { nowMs: now })).toBe('msg_1');
    expect(() => verify(secret, headers, '{"a":2}', { nowMs: now })).toThrow(WebhookVerificationError);
    expect(() => verify(generateSecret(), headers, '{"a":1}', { nowMs: now })).toThrow(/no matching signature/);
    expect(() => verify(secret, headers, '{"a":1}', { nowMs: now + 301_000 })).toThrow(/tolerance/);
    expect(() => verify(secret, { 'webhook-id': 'msg_1' }, '{"a":1}', { nowMs: now })).toThrow(/missing/);
    expect(() =>
      verify(secret, { ...headers, 'webhook-signature': 'v2,' + headers['webhook-signature'].slice(3) }, '{"a":1}', { nowMs: now }),
    ).toThrow();
  });

  it('generates whsec_ secrets of 24-64 random bytes and rejects others', () => {
    const a = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(secretKey(a)).toHaveLength(32);
    expect(a).not.toBe(generateSecret());
    expect(isValidSecret(SPEC.secret)).toBe(true);
    expect(isValidSecret(generateSecret(24))).toBe(true);
    expect(isValidSecret(generateSecret(64))).toBe(true);
    expect(isValidSecret(generateSecret(23))).toBe(false);
    expect(isValidSecret(generateSecret(65))).toBe(false);
    expect(isValidSecret('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBe(false);
    expect(isValidSecret('whsec_not base64!')).toBe(false);
    expect(() => sign('nope', 'msg', 1, '')).toThrow(TypeError);
  });
});

describe('the README receiver snippet', () => {
  it('verifies what the sender signs and refuses tampering', async () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const code = /```js\n(import \{ createHmac[\s\S]*?)```/.exec(readme)?.[1];
    expect(code, 'README has the verifyWebhook snippet').toBeTruthy();
    const file = join(mkdtempSync(join(tmpdir(), 'kindling-')), 'verify.mjs');
    writeFileSync(file, code!);
    const { verifyWebhook } = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as {
      verifyWebhook: (secret: string, headers: Record<string, string>, body: string) => string;
    };
    const secret = generateSecret();
    const body = '{"type":"lead.entered_sql"}';
    const headers = signedHeaders(secret, 'msg_readme', Math.floor(Date.now() / 1000), body);
    expect(verifyWebhook(secret, headers, body)).toBe('msg_readme');
    expect(() => verifyWebhook(secret, headers, body.replace('sql', 'mql'))).toThrow('bad signature');
    expect(() => verifyWebhook(generateSecret(), headers, body)).toThrow('bad signature');
    expect(() => verifyWebhook(secret, { ...headers, 'webhook-timestamp': '1614265330' }, body)).toThrow('stale');
  });
});
