import { identify, track } from './api.js';
import { report, resume } from './capture/engage.js';
import { captureForms } from './capture/forms.js';
import { captureLinks } from './capture/links.js';
import { page, setHashRouting } from './capture/pages.js';
import { TICK_MS } from './constants.js';
import { clearQueue, flush, setupDelivery } from './delivery/index.js';
import { setTracking, tracking } from './events.js';
import { forgetIds } from './ids.js';
import { blocked } from './privacy.js';
import { store, stored } from './storage.js';
import { doc, guard, on, win } from './util.js';

/** `kindling(...)`. The page's stub keeps early calls in `q` (arguments objects: iterable, spread); `l` marks the real one as loaded. */
type Api = ((name: string, ...args: unknown[]) => void) & { q?: Iterable<unknown>[]; l?: 1 };

const commands: Record<string, (...args: any[]) => void> = { identify, track, page };

/** Calls made while consent is pending wait here; 0 when calls are dropped instead (refused, or tracking off). */
let held: unknown[][] | 0;

/**
 * Starts the tracker for the tag `script` (document.currentScript): reads its data attributes,
 * stops at privacy signals, installs the capture rules (which record nothing until tracking is on),
 * waits for consent when required, and replays the calls the stub queued.
 */
export const boot = (script: HTMLScriptElement): void => {
  const stub = (win as unknown as { kindling?: Api }).kindling;
  if (stub?.l) return; // loaded twice
  const attr = (name: string) => script.getAttribute('data-' + name);
  // A flag attribute is on when present, unless it says "false".
  const flag = (name: string) => (attr(name) ?? 'false') != 'false';
  const site = attr('site');
  const off = !site || blocked(flag('allow-localhost'), attr('respect-dnt') != 'false');
  const consent = stored().c;
  held = off || consent != null ? 0 : [];

  if (!off) {
    setupDelivery(new URL((attr('api') || '') + '/e', script.src), site);
    setHashRouting(flag('hash-routing'));
    if (KN_LINKS) captureLinks();
    if (KN_FORMS) captureForms();
    const hide = () => {
      if (KN_ENGAGE) report();
      flush(true);
    };
    on(doc, 'visibilitychange', () => (doc.hidden ? hide() : KN_ENGAGE && resume()));
    on(win, 'pagehide', hide);
    // The tick: SPA route changes (see page), the batching timer and the retry timer in one.
    setInterval(() => {
      if (KN_SPA && tracking) page();
      flush();
    }, TICK_MS);
  }

  /** Starts (or, after consent is given again, restarts) tracking: the page view, then the held calls. */
  const begin = () => {
    if (tracking) return;
    setTracking(true);
    page(true);
    if (KN_ENGAGE) resume();
    if (held) held.forEach((args) => api(...(args as [string])));
  };

  const api: Api = guard((name: string, ...args: unknown[]) => {
    if (name == 'consent') {
      store((r) => {
        r.c = !!args[0];
      });
      if (!off) {
        if (args[0]) begin();
        else {
          // Refused or withdrawn: stop, and forget the ids and whatever was not sent yet
          // (report() now records nothing: it just stops the visible-time clock).
          setTracking(false);
          if (KN_ENGAGE) report();
          clearQueue();
          forgetIds();
        }
      }
      held = 0;
    } else if (tracking) commands[name]?.(...args);
    else if (held) held.push([name, ...args]);
  });
  api.l = 1;
  (win as unknown as { kindling: Api }).kindling = api;

  if (!off && (consent ?? attr('consent') != 'required')) begin();
  stub?.q?.forEach((args) => api(...(args as [string])));
};
