import { TITLE_MAX } from '../constants.js';
import { emit } from '../events.js';
import { cut, doc, guard, loc } from '../util.js';
import { report, resume } from './engage.js';

let hashRouting = false;
/** The last recorded page: its key (URL without hash, unless hash routing) and full URL. */
let last: string | undefined;
let lastHref: string;

/** With hash routing, a change of the hash (#/route) is a new page. */
export const setHashRouting = (on: boolean): void => {
  hashRouting = on;
};

/**
 * Records a page view, unless the URL is the one recorded last (`force` records it anyway). Leaving
 * a page reports its visible time first. The tracker's tick calls it, so SPA route changes are
 * page views: whatever changes the URL (pushState, replaceState, popstate, the hash) is seen by
 * comparing it, one string comparison per tick. Nothing of the page's (history methods its router
 * owns) is patched, routers that keep their own reference to pushState are caught too, and the page
 * has set its new title by then.
 */
export const page = guard((force?: boolean) => {
  const key = hashRouting ? loc.href : loc.href.split('#')[0];
  if (key == last && !force) return;
  if (KN_ENGAGE && last) {
    report(lastHref);
    resume();
  }
  emit('pageview', { ti: cut(doc.title, TITLE_MAX), r: last ? lastHref : cut(doc.referrer) });
  last = key;
  lastHref = cut(loc.href);
});
