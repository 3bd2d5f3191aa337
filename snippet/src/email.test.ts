import { describe, expect, it } from 'vitest';
import { normalizeEmail as collectorEmail } from '../../collector/events/email.js';
import { normalizeEmail } from './email.js';

const good = ['ada@example.com', '  Ada@Example.COM ', 'grace.hopper+crm@navy.mil', "o'brien@x-ray.co.uk", 'jörg@example.de', 'a@b.co'];
const bad = [
  '',
  'ada',
  'ada@localhost',
  'a b@example.com',
  'ada@@example.com',
  'ada@exa mple.com',
  'ada@example_x.com',
  'ada@example.',
  '@example.com',
  'a\u0000b@acme.io',
  'a\u200bb@acme.io',
  'a\u202eb@acme.io',
  'a\ud800@acme.io',
  'a'.repeat(250) + '@x.io',
];
/** Looser than the collector, on purpose (snippet/README.md): the collector refuses these. */
const collectorOnly = ['a'.repeat(65) + '@x.io', 'a,b@x.io', 'a"b@x.io', 'ada@-acme.io', 'ada@acme-.io', 'ada@' + 'a'.repeat(64) + '.io'];

describe("the snippet's email check", () => {
  it('keeps usable addresses, trimmed and lower-cased, as the collector does', () => {
    for (const email of good) {
      expect(normalizeEmail(email)).toBe(email.trim().toLowerCase());
      expect(collectorEmail(email)).toBe(normalizeEmail(email));
    }
  });

  it('refuses what is not an address, and controls, invisible characters and lone surrogates', () => {
    for (const email of bad) {
      expect(normalizeEmail(email)).toBeUndefined();
      expect(collectorEmail(email)).toBeNull();
    }
  });

  it('is looser than the collector only in the documented corners', () => {
    for (const email of collectorOnly) {
      expect(normalizeEmail(email)).toBe(email);
      expect(collectorEmail(email)).toBeNull();
    }
  });
});
