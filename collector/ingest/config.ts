import { z } from 'zod';

/** Allowed origin: `https://example.com`, a port wildcard `http://localhost:*`, or a subdomain wildcard `https://*.example.com`. */
const originPattern = z
  .string()
  .max(200)
  .regex(/^https?:\/\/(\*\.)?[a-z0-9.-]+(:(\d{1,5}|\*))?$/i, 'must look like https://host, https://*.host or http://host:* (no path)');

/**
 * Page classes name URL path patterns: `*` matches within one path segment, `**` across segments.
 * Keys are tried in order; the first class whose pattern matches the path wins.
 */
const pageClasses = z
  .record(
    z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'class names are lower-case words (a-z, 0-9, _ and -)'),
    z.array(z.string().min(1).max(200)).min(1).max(50),
  )
  .default({});

export const siteSchema = z.strictObject({
  key: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'site keys are 1-64 letters, digits, _ or -'),
  name: z.string().min(1).max(200),
  origins: z.array(originPattern).min(1).max(100),
  pageClasses,
  /**
   * Write key for the Segment-compatible API (`/v1/*`, HTTP Basic with the key as user name).
   * A site without one refuses Segment requests with 401. Write-only: it can add events, nothing else.
   */
  writeKey: z
    .string()
    .min(16, 'write keys are 16-200 characters')
    .max(200, 'write keys are 16-200 characters')
    .regex(/^[\x21-\x7e]+$/, 'write keys are printable ASCII without spaces')
    .optional(),
  /** Look up the company behind visitors' networks for this site (`accounts.reveal` must be on too). */
  reveal: z.boolean().default(true),
});
export type SiteConfig = z.infer<typeof siteSchema>;

/** The site list: keys and write keys must be unique (a write key names exactly one site). */
export const sitesSchema = z
  .array(siteSchema)
  .min(1)
  .max(1000)
  .superRefine((sites, ctx) => {
    const owners = new Map<string, number>();
    sites.forEach((site, index) => {
      if (site.writeKey === undefined) return;
      const first = owners.get(site.writeKey);
      if (first !== undefined)
        ctx.addIssue({ code: 'custom', path: [index, 'writeKey'], message: `the same write key is used by sites ${first} and ${index}` });
      else owners.set(site.writeKey, index);
    });
  });

/** `privacy`: what is kept of the client's address, and which browser signals drop events. */
export const privacySchema = z
  .strictObject({
    /** `anonymized` keeps IPv4 /24 and IPv6 /48; `none` stores no IP at all. */
    storeIp: z.enum(['anonymized', 'none']).default('anonymized'),
    /** Drop events from browsers that send `DNT: 1` (the snippet also honours it on its own). */
    honorDoNotTrack: z.boolean().default(true),
    /** Drop events from browsers that send `Sec-GPC: 1`. */
    honorGlobalPrivacyControl: z.boolean().default(true),
  })
  .default({ storeIp: 'anonymized', honorDoNotTrack: true, honorGlobalPrivacyControl: true });

/** `rateLimit`: the token bucket per (site, IP) on `POST /e`. */
export const rateLimitSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** Token bucket per (site, IP): sustained requests per second and burst size. */
    requestsPerSecond: z.number().positive().max(100000).default(20),
    burst: z.number().int().min(1).max(1000000).default(100),
  })
  .default({ enabled: true, requestsPerSecond: 20, burst: 100 });
