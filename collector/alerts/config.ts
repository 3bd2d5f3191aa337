import { z } from 'zod';
import { ALERT_EVENT_NAMES, DEFAULT_ALERT_EVENTS } from './events.js';
import { isValidSecret } from './signature/index.js';
import { checkTargetUrl, type PrivateTargetPolicy } from './targets/index.js';

export const WEBHOOK_FORMATS = ['json', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const webhookUrlSchema = z
  .string()
  .max(2000)
  .refine((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol), 'must be an http(s) URL');

export const webhookSecretSchema = z.string().max(200).refine(isValidSecret, 'must be "whsec_" + base64 of 24-64 random bytes');

export const webhookEventsSchema = z
  .array(z.enum(ALERT_EVENT_NAMES))
  .min(1)
  .max(ALERT_EVENT_NAMES.length * 2)
  .transform((events) => [...new Set(events)]);

/** One endpoint in the file. Without a secret, one is generated at first boot, stored and printed once. */
export const endpointConfigSchema = z.strictObject({
  url: webhookUrlSchema,
  secret: webhookSecretSchema.optional(),
  events: webhookEventsSchema.default([...DEFAULT_ALERT_EVENTS]),
  format: z.enum(WEBHOOK_FORMATS).default('json'),
});
export type EndpointConfig = z.infer<typeof endpointConfigSchema>;

export const privateTargetsSchema = z.union([z.boolean(), z.literal('loopback')]);

export const webhooksSchema = z
  .strictObject({
    /** Synced into the database at boot (matched by URL); the admin API adds more. */
    endpoints: z.array(endpointConfigSchema).max(50).default([]),
    /** Private, loopback, link-local… targets are refused unless true ('loopback': only 127/8 and ::1). */
    allowPrivateTargets: privateTargetsSchema.default(false),
    /** Per attempt, connection to the end of the answer. */
    requestTimeoutMs: z.number().int().min(100).max(60_000).default(15_000),
    /** How many deliveries may be in flight at once. */
    maxConcurrent: z.number().int().min(1).max(100).default(8),
    /**
     * Stage crossings caused by a rescore (new scoring rules) are latched but not alerted by default:
     * a rule change is not new buyer activity, and it can move hundreds of leads at once.
     */
    alertOnRescore: z.boolean().default(false),
    /** Reasons listed in a payload; the engine keeps at most `scoring.topReasons` per lead, so that caps it too. */
    maxReasons: z.number().int().min(1).max(20).default(5),
    /** An endpoint failing without a success for this long is disabled. */
    disableAfterFailingDays: z.number().positive().max(365).default(5),
    /** Upper bound on a receiver's Retry-After. */
    maxRetryAfterSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .default(12 * 3600),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.endpoints.forEach((endpoint, i) => {
      try {
        checkTargetUrl(endpoint.url, value.allowPrivateTargets as PrivateTargetPolicy);
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: ['endpoints', i, 'url'], message: (err as Error).message });
      }
      if (seen.has(endpoint.url)) ctx.addIssue({ code: 'custom', path: ['endpoints', i, 'url'], message: 'appears twice' });
      seen.add(endpoint.url);
    });
  })
  .prefault({});
export type WebhooksConfig = z.infer<typeof webhooksSchema>;
