import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FAILURE_OUTCOMES,
  MAX_RETRY_AFTER_MS,
  RETRY_SCHEDULE_MS,
  nextRetryDelayMs,
  outcomeForStatus,
  parseRetryAfter,
  shouldDisableEndpoint,
} from './index.js';

describe('status → outcome', () => {
  const table: [number, string][] = [
    [200, 'delivered'],
    [201, 'delivered'],
    [204, 'delivered'],
    [299, 'delivered'],
    [410, 'disable'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [599, 'retry'],
    [400, 'fail'],
    [401, 'fail'],
    [403, 'fail'],
    [404, 'fail'],
    [413, 'fail'],
    [422, 'fail'],
    [301, 'retry'],
    [307, 'retry'],
    [100, 'retry'],
  ];
  it.each(table)('%i → %s', (status, outcome) => {
    expect(outcomeForStatus(status)).toBe(outcome);
  });

  it('retries timeouts and network errors, fails refused targets for good', () => {
    expect(FAILURE_OUTCOMES).toEqual({ timeout: 'retry', network: 'retry', refused: 'fail' });
  });
});

describe('retry schedule', () => {
  it('is immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
    expect(RETRY_SCHEDULE_MS.map((ms) => ms / 1000)).toEqual([0, 5, 300, 1800, 7200, 18000, 36000, 36000]);
  });

  it('without jitter returns the schedule, then gives up after eight attempts', () => {
    const mid = () => 0.5;
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => nextRetryDelayMs(n, { random: mid }));
    expect(delays).toEqual(RETRY_SCHEDULE_MS.slice(1));
    expect(nextRetryDelayMs(8, { random: mid })).toBeNull();
    expect(nextRetryDelayMs(0, { random: mid })).toBeNull();
  });

  it('jitters within ±20% of the scheduled delay', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempts, r) => {
        const base = RETRY_SCHEDULE_MS[attempts]!;
        const delay = nextRetryDelayMs(attempts, { random: () => r })!;
        return delay >= Math.floor(base * 0.8) && delay <= Math.ceil(base * 1.2);
      }),
    );
    expect(nextRetryDelayMs(1, { random: () => 0 })).toBe(4000);
    expect(nextRetryDelayMs(1, { random: () => 0.999999 })).toBe(6000);
  });

  it('honours a longer Retry-After up to the bound, never a shorter one', () => {
    const mid = () => 0.5;
    expect(nextRetryDelayMs(1, { random: mid, retryAfterMs: 60_000 })).toBe(60_000);
    expect(nextRetryDelayMs(2, { random: mid, retryAfterMs: 1_000 })).toBe(300_000);
    expect(nextRetryDelayMs(1, { random: mid, retryAfterMs: 7 * 24 * 3600_000 })).toBe(MAX_RETRY_AFTER_MS);
    expect(nextRetryDelayMs(8, { random: mid, retryAfterMs: 60_000 })).toBeNull();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:00:00 GMT', now)).toBe(0);
  });
  it('ignores garbage', () => {
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });
});

describe('endpoint disabling', () => {
  const day = 24 * 3600_000;
  it('disables after five days of failing without a break', () => {
    expect(shouldDisableEndpoint(null, 10 * day)).toBe(false);
    expect(shouldDisableEndpoint(0, 5 * day - 1)).toBe(false);
    expect(shouldDisableEndpoint(0, 5 * day)).toBe(true);
  });
});
