// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cookieVisitor, setCookieVisitor, store, stored } from './storage.js';
import { resetPage } from '../../test/support/snippet.js';

const ID = '0190a2b3c4d57e6f8a9b0c1d2e3f4a5b';

describe('storage', () => {
  beforeEach(() => resetPage());
  afterEach(() => vi.restoreAllMocks());

  it('keeps one record under one localStorage key', () => {
    expect(stored()).toEqual({});
    store((r) => {
      r.v = ID;
    });
    store((r) => {
      r.c = true;
    });
    expect(JSON.parse(localStorage.getItem('kn')!)).toEqual({ v: ID, c: true });
    expect(store((r) => ({ c: r.c }))).toEqual({ c: true });
    expect(stored()).toEqual({ c: true });
  });

  it('reads an unreadable record as empty', () => {
    localStorage.setItem('kn', 'not json');
    expect(stored()).toEqual({});
    localStorage.setItem('kn', 'null');
    expect(stored()).toEqual({});
  });

  it('never throws when localStorage is refused', () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    expect(stored()).toEqual({});
    expect(() => store((r) => void (r.v = ID))).not.toThrow();
    expect(stored()).toEqual({ v: ID }); // kept in this page's memory instead
  });

  it('mirrors the visitor id in a first-party cookie, and reads only a valid one', () => {
    expect(cookieVisitor()).toBeUndefined();
    setCookieVisitor(ID, 3600);
    expect(document.cookie).toContain(`kn_v=${ID}`);
    expect(cookieVisitor()).toBe(ID);
    document.cookie = 'other=1;path=/';
    expect(cookieVisitor()).toBe(ID);
    setCookieVisitor('not-an-id', 3600);
    expect(cookieVisitor()).toBeUndefined();
    setCookieVisitor(ID, 3600);
    setCookieVisitor('', 0); // max-age=0: the browser deletes it
    expect(cookieVisitor()).toBeUndefined();
  });
});
