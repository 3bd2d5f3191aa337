/**
 * Channel grouping, after GA4's default channel group: a source (UTM tags, else the referrer
 * host) is put in the first channel whose rule matches. Rules and site lists are data; the raw
 * "source / medium" stays beside the channel so it is one click away.
 */
export const CHANNELS = [
  'direct',
  'paid_search',
  'paid_social',
  'display',
  'paid_other',
  'email',
  'organic_search',
  'review_sites',
  'organic_social',
  'affiliates',
  'referral',
  'other',
  'unknown',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** Where a visit came from: its landing page's UTM tags and external referrer host. */
export interface Touch {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  referrer: string | null;
}

/**
 * Known sites by kind. A name without a dot matches any label of a host or source ("google"
 * matches google.com, www.google.co.uk and utm_source=google); a name with a dot matches that host
 * and its subdomains.
 */
export const SITES = {
  search: ['google', 'bing', 'yahoo', 'duckduckgo', 'baidu', 'yandex', 'ecosia', 'search.brave.com', 'startpage', 'qwant', 'naver'],
  social: [
    'facebook', 'fb', 'instagram', 'linkedin', 'lnkd.in', 'twitter', 't.co', 'x.com', 'reddit', 'youtube', 'tiktok',
    'pinterest', 'quora', 'xing', 'mastodon.social', 'threads.net', 'news.ycombinator.com', 'bsky.app',
  ], // prettier-ignore
  review: ['g2', 'capterra', 'trustradius', 'getapp', 'softwareadvice', 'trustpilot', 'gartner', 'producthunt'],
  // Webmail referrers before search: mail.google.com is email, not Google search.
  email: [
    'email',
    'e-mail',
    'e_mail',
    'e mail',
    'newsletter',
    'mail.google.com',
    'outlook.live.com',
    'outlook.office.com',
    'mail.yahoo.com',
  ],
} as const;
export type SiteKind = keyof typeof SITES;

const PAID = /^(.*cp.*|ppc|retargeting|paid.*)$/;

/** One rule: every condition given must hold. `sites` looks at the UTM source and the referrer host. */
interface ChannelRule {
  channel: Channel;
  direct?: true;
  sites?: SiteKind;
  medium?: RegExp;
  referrer?: true;
}

/** First match wins. */
export const CHANNEL_RULES: readonly ChannelRule[] = [
  { channel: 'direct', direct: true },
  { channel: 'paid_search', sites: 'search', medium: PAID },
  { channel: 'paid_social', sites: 'social', medium: PAID },
  { channel: 'display', medium: /^(display|banner|expandable|interstitial|cpm)$/ },
  { channel: 'paid_other', medium: PAID },
  { channel: 'email', sites: 'email' },
  { channel: 'email', medium: /^(email|e-mail|e_mail|e mail|newsletter)$/ },
  { channel: 'organic_search', medium: /^organic$/ },
  { channel: 'organic_search', sites: 'search' },
  { channel: 'review_sites', sites: 'review' },
  { channel: 'review_sites', medium: /^review$/ },
  { channel: 'organic_social', sites: 'social' },
  { channel: 'organic_social', medium: /^(social|social-network|social-media|sm|social network|social media)$/ },
  { channel: 'affiliates', medium: /^affiliate$/ },
  { channel: 'referral', medium: /^referral$/ },
  { channel: 'referral', referrer: true },
];

function isSite(name: string | null, kind: SiteKind): boolean {
  if (!name) return false;
  const host = name.replace(/^www\./, '');
  const labels = host.split('.');
  return SITES[kind].some((site) => (site.includes('.') ? host === site || host.endsWith(`.${site}`) : labels.includes(site)));
}

const clean = (v: string | null) => (v === null || v.trim() === '' ? null : v.trim().toLowerCase());

/** The channel of a touch; `null` (no touch known any more) is 'unknown'. */
export function channelOf(touch: Touch | null): Channel {
  if (!touch) return 'unknown';
  const source = clean(touch.source);
  const medium = clean(touch.medium);
  const referrer = clean(touch.referrer);
  const matches = (rule: ChannelRule) =>
    (!rule.direct || (!source && !medium && !referrer) || (source === '(direct)' && (!medium || medium === '(none)'))) &&
    (!rule.sites || isSite(source, rule.sites) || isSite(referrer, rule.sites)) &&
    (!rule.medium || (medium !== null && rule.medium.test(medium))) &&
    (!rule.referrer || referrer !== null);
  return CHANNEL_RULES.find(matches)?.channel ?? 'other';
}

/** The raw source as GA shows it: "source / medium". */
export function rawSource(touch: Touch | null): string {
  if (!touch) return '(unknown)';
  const source = clean(touch.source) ?? clean(touch.referrer) ?? '(direct)';
  const medium = clean(touch.medium) ?? (clean(touch.source) ? '(not set)' : clean(touch.referrer) ? 'referral' : '(none)');
  return `${source} / ${medium}`;
}
