import { describe, expect, it } from 'vitest';
import { FREE_MAIL_DOMAINS, isFreeMailDomain } from './free-mail.js';

describe('free-mail list', () => {
  it('holds only lower-case, valid domains, each once', () => {
    const seen = new Set<string>();
    for (const d of FREE_MAIL_DOMAINS) {
      expect(d, d).toMatch(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/);
      expect(seen.has(d), `${d} appears twice`).toBe(false);
      seen.add(d);
    }
    expect(FREE_MAIL_DOMAINS.length).toBeGreaterThan(150);
  });

  it('knows the big providers and leaves company domains alone', () => {
    for (const d of [
      'gmail.com',
      'GMAIL.com',
      'outlook.com',
      'hotmail.co.uk',
      'yahoo.co.jp',
      'icloud.com',
      'proton.me',
      'gmx.de',
      'web.de',
      'qq.com',
      'mail.ru',
    ])
      expect(isFreeMailDomain(d), d).toBe(true);
    for (const d of ['acme.com', 'google.com', 'microsoft.com', 'mail.acme.com', 'gmail.com.evil.io'])
      expect(isFreeMailDomain(d), d).toBe(false);
  });
});
