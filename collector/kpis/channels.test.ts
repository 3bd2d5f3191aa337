import { describe, expect, it } from 'vitest';
import { channelOf, rawSource, type Touch } from './channels.js';

const touch = (t: Partial<Touch>): Touch => ({ source: null, medium: null, campaign: null, referrer: null, ...t });

describe('channel grouping', () => {
  it.each([
    ['no tags, no referrer', touch({}), 'direct', '(direct) / (none)'],
    ['GA-style (direct) / (none)', touch({ source: '(direct)', medium: '(none)' }), 'direct', '(direct) / (none)'],
    ['google / cpc', touch({ source: 'google', medium: 'cpc' }), 'paid_search', 'google / cpc'],
    ['bing / ppc via the referrer', touch({ referrer: 'www.bing.com', medium: 'ppc' }), 'paid_search', 'www.bing.com / ppc'],
    ['linkedin / paid_social', touch({ source: 'LinkedIn', medium: 'paid_social' }), 'paid_social', 'linkedin / paid_social'],
    ['any source / display', touch({ source: 'adnet', medium: 'display' }), 'display', 'adnet / display'],
    ['unknown source / cpc', touch({ source: 'capterra-ads', medium: 'cpc' }), 'paid_other', 'capterra-ads / cpc'],
    ['newsletter source', touch({ source: 'newsletter' }), 'email', 'newsletter / (not set)'],
    ['medium email', touch({ source: 'hubspot', medium: 'email' }), 'email', 'hubspot / email'],
    ['webmail referrer (not Google search)', touch({ referrer: 'mail.google.com' }), 'email', 'mail.google.com / referral'],
    ['google.com referrer', touch({ referrer: 'www.google.com' }), 'organic_search', 'www.google.com / referral'],
    ['google.co.uk referrer', touch({ referrer: 'google.co.uk' }), 'organic_search', 'google.co.uk / referral'],
    ['utm_source=google, no medium (same channel as google.com)', touch({ source: 'google' }), 'organic_search', 'google / (not set)'],
    ['medium organic', touch({ source: 'somewhere', medium: 'organic' }), 'organic_search', 'somewhere / organic'],
    ['G2 review', touch({ referrer: 'www.g2.com' }), 'review_sites', 'www.g2.com / referral'],
    ['Capterra source', touch({ source: 'capterra' }), 'review_sites', 'capterra / (not set)'],
    ['t.co referrer', touch({ referrer: 't.co' }), 'organic_social', 't.co / referral'],
    ['lnkd.in referrer', touch({ referrer: 'lnkd.in' }), 'organic_social', 'lnkd.in / referral'],
    ['medium social', touch({ source: 'forum', medium: 'social' }), 'organic_social', 'forum / social'],
    ['affiliate', touch({ source: 'partnerx', medium: 'affiliate' }), 'affiliates', 'partnerx / affiliate'],
    ['any other referrer', touch({ referrer: 'blog.example.org' }), 'referral', 'blog.example.org / referral'],
    ['a host only containing a search word', touch({ referrer: 'googleplex-fans.org' }), 'referral', 'googleplex-fans.org / referral'],
    ['tags matching nothing', touch({ source: 'conference', medium: 'booth' }), 'other', 'conference / booth'],
    ['no touch known any more', null, 'unknown', '(unknown)'],
  ])('%s', (_name, t, channel, raw) => {
    expect(channelOf(t)).toBe(channel);
    expect(rawSource(t)).toBe(raw);
  });
});
