import { ROUTE_SETTLE_MS, TITLE_MAX } from '../constants.js';
import { emit } from '../events.js';
import { cut, doc, guard, loc, on, win } from '../util.js';
import { report, resume } from './engage.js';


let hashRouting = false;
/** The last recorded page: its key (URL without hash, unless hash routing) and full URL. */
let last: string | undefined;
let lastHref = '';

/**
 * Records a page view, unless the URL is the one recorded last (`force` records it anyway). Leaving
 * a page reports its visible time first.
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

/** A route changed: record it once the page has had time to set its title (a quick series of changes records the last URL once). */
const changed = () => setTimeout(page, ROUTE_SETTLE_MS);

/** Route changes through pushState, replaceState, popstate (and hashchange, with hash routing) are page views. */
export function captureRoutes(hash: boolean): void {
  hashRouting = hash;
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History) {
      // The page's own errors (a cross-origin URL) stay the page's; ours are swallowed.
      const result = original.apply(this, arguments as unknown as Parameters<History['pushState']>);
      changed();
      return result;
    };
  }
  on(win, 'popstate', changed);
  if (hash) on(win, 'hashchange', changed);
}
