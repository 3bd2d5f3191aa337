import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './email.js';

describe('normalizeEmail', () => {
  it.each([
    ['Ada@Acme.IO', 'ada@acme.io'],
    ['  a.b+tag@mail.acme.io ', 'a.b+tag@mail.acme.io'],
    ['jürgen@acme.de', 'jürgen@acme.de'],
    ['a\u0000b@acme.io', null],
    ['a\u0007b@acme.io', null],
    ['a\u007fb@acme.io', null],
    ['a\u0085b@acme.io', null],
    ['a\u202eb@acme.io', null], // right-to-left override
    ['a\u200bb@acme.io', null], // zero-width space
    ['a\ufeffb@acme.io', null],
    ['a\ud800b@acme.io', null], // lone surrogate
    ['a\ue000b@acme.io', null], // private use
    ['a b@acme.io', null],
    ['a@acme\u017f.io', null], // ſ is no s
    ['a@acme', null],
    ['<a@acme.io>', null],
  ])('%j → %j', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });
});
