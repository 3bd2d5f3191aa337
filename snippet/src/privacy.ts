import { loc, nav } from './util.js';

/**
 * Signals that stop tracking before it starts, whatever the page later asks: a local page (unless
 * the tag allows localhost), and Do Not Track or Global Privacy Control (unless the tag says
 * data-respect-dnt="false"). Consent is the tracker's business (tracker.ts), remembered under CONSENT_KEY.
 */
export const blocked = (allowLocalhost: boolean, respectDnt: boolean): boolean =>
  (!allowLocalhost && /^(localhost|127\.|$)/.test(loc.hostname)) ||
  (respectDnt && (nav.doNotTrack == '1' || (nav as { globalPrivacyControl?: boolean }).globalPrivacyControl == true));
