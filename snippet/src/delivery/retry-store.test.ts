// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { RETRY_MAX_AGE_MS, RETRY_MAX_ENTRIES } from '../constants.js';
import { record, resetPage } from '../../../test/support/snippet.js';
import { loadEntries, putEntry } from './retry-store.js';

const T = 1_700_000_000_000;
const entry = (b: string, c = T) => ({ b, n: 0, c, a: c });

describe('retry store', () => {
  beforeEach(() => resetPage());

  it('adds, replaces and removes entries by body, in localStorage', () => {
    putEntry(T, 'one', entry('one'));
    putEntry(T, 'two', entry('two'));
    expect(loadEntries(T).map((e) => e.b)).toEqual(['one', 'two']);
    putEntry(T, 'one', { ...entry('one'), n: 3, a: T + 8000 });
    expect(loadEntries(T)).toEqual([entry('two'), { ...entry('one'), n: 3, a: T + 8000 }]);
    putEntry(T, 'two');
    expect(record().q.map((e: { b: string }) => e.b)).toEqual(['one']);
  });

  it(`keeps the newest ${RETRY_MAX_ENTRIES} entries`, () => {
    for (let i = 0; i < RETRY_MAX_ENTRIES + 5; i++) putEntry(T, `b${i}`, entry(`b${i}`));
    const bodies = loadEntries(T).map((e) => e.b);
    expect(bodies).toHaveLength(RETRY_MAX_ENTRIES);
    expect(bodies[0]).toBe('b5');
    expect(bodies.at(-1)).toBe(`b${RETRY_MAX_ENTRIES + 4}`);
  });

  it('forgets entries older than the maximum age', () => {
    putEntry(T, 'old', entry('old', T - RETRY_MAX_AGE_MS));
    putEntry(T, 'new', entry('new', T - RETRY_MAX_AGE_MS + 1));
    expect(loadEntries(T).map((e) => e.b)).toEqual(['new']);
    putEntry(T, 'other', entry('other'));
    expect(record().q.map((e: { b: string }) => e.b)).toEqual(['new', 'other']);
  });

  it('starts over when the stored record is unreadable', () => {
    localStorage.setItem('kn', '{not json');
    expect(loadEntries(T)).toEqual([]);
    putEntry(T, 'x', entry('x'));
    expect(loadEntries(T)).toEqual([entry('x')]);
  });
});
