// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { blocked } from './privacy.js';
import { resetPage, setNavigator } from '../../test/support/snippet.js';

describe('blocked', () => {
  beforeEach(() => resetPage());

  it('tracks an ordinary public page', () => {
    expect(blocked(false, true)).toBe(false);
  });

  it.each(['http://localhost:3000/', 'http://127.0.0.1:8080/x', 'http://127.0.1.1/'])(
    'stays off on %s unless localhost is allowed',
    (url) => {
      resetPage(url);
      expect(blocked(false, true)).toBe(true);
      expect(blocked(true, true)).toBe(false);
    },
  );

  it('honours Do Not Track unless the tag says data-respect-dnt="false"', () => {
    setNavigator('doNotTrack', '1');
    expect(blocked(false, true)).toBe(true);
    expect(blocked(false, false)).toBe(false);
    setNavigator('doNotTrack', '0');
    expect(blocked(false, true)).toBe(false);
  });

  it('honours Global Privacy Control unless the tag says data-respect-dnt="false"', () => {
    setNavigator('globalPrivacyControl', true);
    expect(blocked(false, true)).toBe(true);
    expect(blocked(false, false)).toBe(false);
    setNavigator('globalPrivacyControl', false);
    expect(blocked(false, true)).toBe(false);
  });
});
