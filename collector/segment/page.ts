import type { Site } from '../ingest/sites.js';
import { parsePageUrl, referrerHost, externalReferrerHost, hasUtm, NO_UTM, type Utm } from '../ingest/url.js';
import type { SegmentContext } from './schema.js';

/** Where a message happened: the page columns of a stored event. */
export interface PageFacts {
  url: string | null;
  path: string | null;
  pageClass: string | null;
  title: string | null;
  referrerHost: string | null;
  utm: Utm;
}

export interface PageInput {
  url?: string;
  path?: string;
  title?: string;
  referrer?: string;
}

export const TITLE_LENGTH = 300;

/** `context.campaign` is analytics.js's copy of the landing page's UTM tags. */
function campaignUtm(campaign: SegmentContext['campaign']): Utm {
  if (!campaign) return NO_UTM;
  const cap = (v: string | undefined) => v?.trim().slice(0, 200) || null;
  return {
    source: cap(campaign.source),
    medium: cap(campaign.medium),
    campaign: cap(campaign.name),
    term: cap(campaign.term),
    content: cap(campaign.content),
  };
}

/**
 * The page of a message, classified with the site's page classes exactly like the snippet's:
 * a page call's `properties` win over `context.page` (analytics.js fills both). The URL's own UTM
 * tags win over `context.campaign`. The referrer counts only for page calls, and only from
 * another site. A URL that is not absolute http(s) is ignored; a bare `path` still classifies.
 */
export function pageFacts(site: Site, context: SegmentContext | undefined, own: PageInput | undefined, isPageView: boolean): PageFacts {
  const input: PageInput = { ...context?.page, ...definedOnly(own) };
  const page = input.url ? parsePageUrl(input.url) : null;
  const path = page?.path ?? (input.path?.startsWith('/') ? input.path : null);
  const utm = page && hasUtm(page.utm) ? page.utm : campaignUtm(context?.campaign);
  return {
    url: page?.url ?? null,
    path,
    pageClass: path ? site.classify(path) : null,
    title: input.title ? input.title.slice(0, TITLE_LENGTH) : null,
    referrerHost: !isPageView ? null : page ? externalReferrerHost(input.referrer, page.host) : referrerHost(input.referrer),
    utm,
  };
}

function definedOnly(input: PageInput | undefined): PageInput {
  const out: PageInput = {};
  if (!input) return out;
  for (const key of ['url', 'path', 'title', 'referrer'] as const) if (input[key] !== undefined) out[key] = input[key];
  return out;
}
