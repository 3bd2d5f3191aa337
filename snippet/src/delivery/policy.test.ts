// @vitest-environment happy-dom
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_MAX_MS, DONE, DROP, RETRY } from '../constants.js';
import { actionFor, backoffMs } from './policy.js';

describe('retry policy', () => {
  it.each([
    [0, RETRY, 'no answer (network error, collector down)'],
    [200, DONE, 'ok'],
    [202, DONE, 'accepted (also for silently dropped bots)'],
    [204, DONE, 'no content'],
    [408, RETRY, 'request timeout'],
    [429, RETRY, 'rate limited'],
    [500, RETRY, 'server error'],
    [502, RETRY, 'bad gateway'],
    [503, RETRY, 'unavailable'],
    [400, DROP, 'invalid batch'],
    [403, DROP, 'wrong origin'],
    [404, DROP, 'unknown site'],
    [413, DROP, 'too large'],
    [415, DROP, 'unsupported media type'],
    [301, DROP, 'a redirect fetch did not follow'],
  ])('status %i → %i (%s)', (status, action) => {
    expect(actionFor(status)).toBe(action);
  });
});

describe('backoffMs', () => {
  it('doubles from the base and is capped', () => {
    expect(backoffMs(1, 0.5)).toBe(BACKOFF_BASE_MS);
    expect(backoffMs(2, 0.5)).toBe(2 * BACKOFF_BASE_MS);
    expect(backoffMs(3, 0.5)).toBe(4 * BACKOFF_BASE_MS);
    expect(backoffMs(30, 0.5)).toBe(BACKOFF_MAX_MS);
  });

  it('spreads retries by a jitter factor of 0.5 to 1.5', () => {
    expect(backoffMs(1, 0)).toBe(BACKOFF_BASE_MS / 2);
    expect(backoffMs(1, 0.999)).toBeCloseTo(BACKOFF_BASE_MS * 1.499);
  });

  it('is pure and stays within [0.5, 1.5] x min(cap, base x 2^(attempt-1))', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, random) => {
        const delay = backoffMs(attempt, random);
        const nominal = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
        expect(delay).toBe(backoffMs(attempt, random));
        expect(delay).toBeGreaterThanOrEqual(nominal * 0.5);
        expect(delay).toBeLessThanOrEqual(nominal * 1.5);
        expect(backoffMs(attempt + 1, random)).toBeGreaterThanOrEqual(delay);
      }),
    );
  });
});
