// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { SESSION_IDLE_MS } from './constants.js';
import { forgetIds, identity, uuid7 } from './ids.js';

const visitorId = () => identity(Date.now()).v;
const session = (t: number) => identity(t);
import { cookieVisitor, setCookieVisitor, store } from './storage.js';
import { record, resetPage, setReferrer } from '../../test/support/snippet.js';

const T = Date.UTC(2025, 0, 15, 12);
const ID = '0190a2b3c4d57e6f8a9b0c1d2e3f4a5b';
const OTHER = '0190a2b3c4d57e6f8a9b0c1d2e3f4a5c';

describe('uuid7', () => {
  it('is 32 hex digits in the UUIDv7 layout: ms timestamp, version 7, variant 10', () => {
    const id = uuid7(T);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(parseInt(id.slice(0, 12), 16)).toBe(T);
    expect(id[12]).toBe('7');
    expect(id[16]).toBe('8');
  });

  it('fits the wire format id rule and sorts by time', () => {
    const ids = [T + 5, T, T + 1000, T + 1].map((t) => uuid7(t));
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect([...ids].sort()).toEqual([ids[1], ids[3], ids[0], ids[2]]);
  });

  it('is unique (72 random bits)', () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => uuid7(T)));
    expect(ids.size).toBe(20_000);
  });
});

describe('visitor id', () => {
  beforeEach(() => resetPage());

  it('is made once and kept in a first-party cookie and in localStorage', () => {
    const id = visitorId();
    expect(id).toMatch(/^[0-9a-f]{12}7[0-9a-f]{3}8[0-9a-f]{15}$/);
    expect(cookieVisitor()).toBe(id);
    expect(record().v).toBe(id);
    expect(visitorId()).toBe(id);
  });

  it('comes back from the cookie when localStorage was cleared', () => {
    setCookieVisitor(ID, 3600);
    expect(visitorId()).toBe(ID);
    expect(record().v).toBe(ID);
  });

  it('comes back from localStorage when the cookie was cleared', () => {
    store((r) => void (r.v = ID));
    expect(visitorId()).toBe(ID);
    expect(cookieVisitor()).toBe(ID);
  });

  it('prefers the cookie when both survived and differ', () => {
    store((r) => void (r.v = OTHER));
    setCookieVisitor(ID, 3600);
    expect(visitorId()).toBe(ID);
    expect(record().v).toBe(ID);
  });
});

describe('session', () => {
  beforeEach(() => {
    resetPage('https://www.example.com/landing?utm_source=news&utm_campaign=spring');
    setReferrer('https://search.example.org/?q=intent');
  });

  it('starts with this page as its landing page and keeps it while active', () => {
    const first = session(T);
    expect(first.i).toMatch(/^[0-9a-f]{32}$/);
    expect(first.l).toEqual({
      u: 'https://www.example.com/landing?utm_source=news&utm_campaign=spring',
      r: 'https://search.example.org/?q=intent',
    });
    history.pushState({}, '', '/pricing');
    setReferrer('');
    const later = session(T + SESSION_IDLE_MS - 1);
    expect(later.i).toBe(first.i);
    expect(later.l).toEqual(first.l);
    // each call is activity: 29 more minutes later it is still the same session
    expect(session(T + 2 * SESSION_IDLE_MS - 2).i).toBe(first.i);
  });

  it('rotates after 30 minutes idle, with the page of that moment as the new landing page', () => {
    const first = session(T);
    history.pushState({}, '', '/docs');
    const next = session(T + SESSION_IDLE_MS + 1);
    expect(next.i).not.toBe(first.i);
    expect(next.l.u).toBe('https://www.example.com/docs');
  });
});

describe('forgetIds', () => {
  beforeEach(() => resetPage());

  it('forgets visitor, session and unsent batches, and keeps only the consent answer', () => {
    const id = visitorId();
    session(T);
    store((r) => {
      r.q = [{ b: '{}', n: 0, c: T, a: T }];
      r.c = false;
    });
    forgetIds();
    expect(record()).toEqual({ c: false });
    expect(cookieVisitor()).toBeUndefined();
    expect(visitorId()).not.toBe(id);
  });
});
