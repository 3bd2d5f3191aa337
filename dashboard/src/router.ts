import { useEffect, useState } from 'preact/hooks';
import { queryString } from './url.js';

/** The pages, as a table: hash path pattern → page name and its path parameters. */
export const ROUTES = [
  { page: 'leads', pattern: /^\/(?:leads\/?)?$/ },
  { page: 'lead', pattern: /^\/leads\/(\d{1,15})\/?$/ },
  { page: 'funnel', pattern: /^\/funnel\/?$/ },
  { page: 'companies', pattern: /^\/companies\/?$/ },
  // An account key (d:<domain>, n:<AS number>), its colon as is or percent-encoded (webhook links encode it).
  { page: 'account', pattern: /^\/companies\/([dn](?::|%3A)[^/?#]{1,260})\/?$/i },
  { page: 'settings', pattern: /^\/settings\/?$/ },
  { page: 'backtest', pattern: /^\/backtest\/?$/ },
  { page: 'review', pattern: /^\/review\/?$/ },
  { page: 'spend', pattern: /^\/spend\/?$/ },
  { page: 'team', pattern: /^\/team\/?$/ },
  { page: 'alerts', pattern: /^\/me\/alerts\/?$/ },
  // One-time links' pages (`/#/join?token=…`: an invite; setup: the first admin; magic: sign-in by email), shown signed out.
  { page: 'join', pattern: /^\/join\/?$/ },
  { page: 'setup', pattern: /^\/setup\/?$/ },
  { page: 'magic', pattern: /^\/magic\/?$/ },
  // A forgotten password: asking for a reset link, and the link's page (`/#/reset?token=…`).
  { page: 'forgot', pattern: /^\/forgot\/?$/ },
  { page: 'reset', pattern: /^\/reset\/?$/ },
] as const;

export type PageName = (typeof ROUTES)[number]['page'] | 'notfound';

export interface Route {
  page: PageName;
  /** Path parameters in order, e.g. the lead id. */
  params: string[];
  query: URLSearchParams;
}

/** `#/leads/12?tab=x` → { page: 'lead', params: ['12'], query }. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [path = '/', search = ''] = raw.split('?', 2) as [string, string?];
  const query = new URLSearchParams(search);
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (m) return { page: route.page, params: m.slice(1), query };
  }
  return { page: 'notfound', params: [], query };
}

/** A hash link with query parameters, leaving out empty ones. */
export function href(path: string, query: Record<string, string | number | null | undefined> = {}): string {
  return `#${path}${queryString(query)}`;
}

export function navigate(to: string, { replace = false } = {}): void {
  if (replace) {
    history.replaceState(null, '', to);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else location.hash = to.replace(/^#/, '');
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
