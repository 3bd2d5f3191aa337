import { CONSENT_KEY } from './constants.js';
import { ls } from './storage.js';
import { loc, nav } from './util.js';

/**
 * Signals that stop tracking before it starts, whatever the page later asks: a local page (unless
 * the tag allows localhost), and Do Not Track or Global Privacy Control (unless the tag says
 * data-respect-dnt="false").
 */
export const blocked = (allowLocalhost: boolean, respectDnt: boolean): boolean =>
  (!allowLocalhost && /^(localhost|127\.|\[::1\]|$)/.test(loc.hostname)) ||
  (respectDnt && (nav.doNotTrack == '1' || (nav as { globalPrivacyControl?: boolean }).globalPrivacyControl == true));

/** The remembered answer: '1' granted, '0' refused, null never asked. */
export const storedConsent = (): string | null | undefined => ls(CONSENT_KEY);
export const storeConsent = (granted: boolean): void => {
  ls(CONSENT_KEY, granted ? '1' : '0');
};
