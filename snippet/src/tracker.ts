import { identify, track } from './api.js';
import { report, resume } from './capture/engage.js';
import { captureForms } from './capture/forms.js';
import { captureLinks } from './capture/links.js';
import { captureRoutes, page } from './capture/pages.js';
import { clearDelivery, drain, flush, setupDelivery } from './delivery/index.js';
import { setTracking, tracking } from './events.js';
import { forgetIds, session, visitorId } from './ids.js';
import { blocked, storeConsent, storedConsent } from './privacy.js';
import { doc, guard, now, on, visible, win } from './util.js';
import type { WireEvent } from './wire.js';

/** `kindling(...)`. The page's stub keeps early calls in `q`; `l` marks the real one as loaded. */
type Api = ((name: string, ...args: unknown[]) => void) & { q?: ArrayLike<unknown>[]; l?: 1 };

const commands: Record<string, (...args: any[]) => void> = { identify, track, page };

let site: string | null;
/** Empty until tracking first starts. */
let visitor = '';
/** Calls made while consent is pending wait here; 0 when calls are dropped instead (refused, or tracking off). */
let held: unknown[][] | 0;

const batch = (e: WireEvent[]) => {
  const s = session(now());
  return JSON.stringify({ s: site, v: visitor, ss: s.i, l: { u: s.u, r: s.r }, e });
};

/**
 * Starts the tracker for the tag `script`: reads its data attributes, stops at privacy signals,
 * waits for consent when required, then captures and delivers; replays the calls the stub queued.
 */
export const boot = (script: HTMLScriptElement | null): void => {
  const w = win as unknown as { kindling?: Api };
  const stub = w.kindling;
  if (!script || stub?.l) return; // no tag found, or loaded twice
  const attr = (name: string) => script.getAttribute('data-' + name);
  // A flag attribute is on when present, unless it says "false".
  const flag = (name: string) => (attr(name) ?? 'false') != 'false';
  const hashRouting = flag('hash-routing');
  const off = !(site = attr('site')) || blocked(flag('allow-localhost'), attr('respect-dnt') != 'false');
  const consent = storedConsent();
  held = off || consent ? 0 : [];
  setupDelivery((attr('api') || new URL(script.src).origin).replace(/\/$/, '') + '/e', batch);

  /** Starts (or, after consent is given again, restarts) tracking: capture rules, the page view, held calls. */
  const begin = () => {
    if (tracking) return;
    setTracking(true);
    if (!visitor) {
      if (KN_SPA) captureRoutes(hashRouting);
      if (KN_LINKS) captureLinks();
      if (KN_FORMS) captureForms();
      const hide = () => {
        if (KN_ENGAGE) report();
        flush(true);
      };
      on(doc, 'visibilitychange', () => (visible() ? KN_ENGAGE && resume() : hide()));
      on(win, 'pagehide', hide);
      on(win, 'online', () => drain());
      drain();
    }
    visitor = visitorId();
    if (KN_ENGAGE) resume();
    page(true);
    if (held) held.forEach((args) => api(...(args as [string])));
  };

  const api: Api = guard((name: string, ...args: unknown[]) => {
    if (name == 'consent') {
      storeConsent(!!args[0]);
      if (!off) {
        if (args[0]) begin();
        else {
          // Refused or withdrawn: stop, and forget the ids and whatever was not sent yet.
          setTracking(false);
          forgetIds();
          clearDelivery();
        }
      }
      held = 0;
    } else if (tracking) commands[name]?.(...args);
    else if (held) held.push([name, ...args]);
  });
  api.l = 1;
  w.kindling = api;

  if (!off && (consent ? consent == '1' : attr('consent') != 'required')) begin();
  (stub?.q || []).forEach((args) => api.apply(0, args as [string]));
};
