import { memoize } from './memo.js';

/** What the collector keeps of a page URL: the path and the UTM parameters. */
export interface ParsedPageUrl {
  url: string;
  host: string;
  path: string;
  utm: Utm;
}

export interface Utm {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  term: string | null;
  content: string | null;
}

const UTM_MAX = 200;
const NO_UTM: Utm = Object.freeze({ source: null, medium: null, campaign: null, term: null, content: null });

function param(params: URLSearchParams, name: string): string | null {
  const value = params.get(name)?.trim();
  return value ? value.slice(0, UTM_MAX) : null;
}

/** Recent inputs of the two parsers below; a site has far fewer distinct pages than events. */
const MEMO_ENTRIES = 4096;

/** Parses an absolute http(s) URL; null when it is not one. The result is frozen (it is shared). */
export const parsePageUrl: (input: string) => Readonly<ParsedPageUrl> | null = memoize(parseUncached, MEMO_ENTRIES);

function parseUncached(input: string): Readonly<ParsedPageUrl> | null {
  let u: URL;
  try {
    u = new URL(input);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  return Object.freeze({
    url: u.href,
    host: u.hostname.toLowerCase(),
    path: decodePath(u.pathname),
    // Most URLs carry no campaign: skip building their search parameters.
    utm: u.search.includes('utm_') ? utmOf(u.searchParams) : NO_UTM,
  });
}

function utmOf(p: URLSearchParams): Utm {
  return Object.freeze({
    source: param(p, 'utm_source'),
    medium: param(p, 'utm_medium'),
    campaign: param(p, 'utm_campaign'),
    term: param(p, 'utm_term'),
    content: param(p, 'utm_content'),
  });
}

function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

export function hasUtm(utm: Utm): boolean {
  return (
    utm !== NO_UTM && (utm.source !== null || utm.medium !== null || utm.campaign !== null || utm.term !== null || utm.content !== null)
  );
}

export { NO_UTM };

/** The host of a referrer URL, lower-cased, without `www.`; null when it is not a URL. */
export function referrerHost(referrer: string | undefined): string | null {
  return referrer ? referrerHostMemo(referrer) : null;
}

const referrerHostMemo = memoize(referrerHostUncached, MEMO_ENTRIES);

function referrerHostUncached(referrer: string): string | null {
  try {
    const u = new URL(referrer);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.hostname.toLowerCase().replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** The referrer's host when it is another site than the page's: navigation inside a site is not a source. */
export function externalReferrerHost(referrer: string | undefined, pageHost: string): string | null {
  const host = referrerHost(referrer);
  return host && host !== pageHost.replace(/^www\./, '') ? host : null;
}
