import { z } from 'zod';
import { EMAIL_MAX_LENGTH, normalizeEmail } from '../events/email.js';

/**
 * The wire format of POST /e: short keys, because the snippet's size budget pays for every byte.
 * A batch comes from one browser; every string is length-capped; props are flat.
 * Documented in README ("Wire format"); keep the two in step.
 */
export const LIMITS = {
  maxBodyBytes: 64 * 1024,
  maxEventsPerBatch: 50,
  idLength: 64,
  urlLength: 2048,
  titleLength: 300,
  nameLength: 200,
  fieldValueLength: 500,
  fieldNameLength: 100,
  maxFields: 50,
  maxEngagedMs: 24 * 3600 * 1000,
} as const;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'ids are 1-64 letters, digits, _ or -');
const url = z.string().max(LIMITS.urlLength);
const scalar = z.union([z.string().max(LIMITS.fieldValueLength), z.number().finite(), z.boolean(), z.null()]);
const flatRecord = z
  .record(z.string().min(1).max(LIMITS.fieldNameLength), scalar)
  .refine((r) => Object.keys(r).length <= LIMITS.maxFields, `at most ${LIMITS.maxFields} keys`);
const email = z
  .string()
  .max(EMAIL_MAX_LENGTH)
  .transform((value, ctx) => {
    const normalized = normalizeEmail(value);
    if (!normalized) {
      ctx.addIssue({ code: 'custom', message: 'not a valid email address' });
      return z.NEVER;
    }
    return normalized;
  });

const common = {
  /** Client-made event id, unique per site: retries of the same event are ignored. */
  i: id,
  /** Client time, ms since epoch. */
  ts: z.number().int().nonnegative(),
  /** Page URL (absolute). */
  u: url,
  /** Page title. */
  ti: z.string().max(LIMITS.titleLength).optional(),
};

export const wireEventSchema = z.discriminatedUnion('t', [
  z.strictObject({ ...common, t: z.literal('pageview'), r: url.optional() }),
  z.strictObject({ ...common, t: z.literal('engage'), d: z.number().int().min(0).max(LIMITS.maxEngagedMs) }),
  z.strictObject({ ...common, t: z.literal('download'), h: url }),
  z.strictObject({ ...common, t: z.literal('outbound'), h: url }),
  z.strictObject({
    ...common,
    t: z.literal('form'),
    f: z.strictObject({
      id: z.string().max(LIMITS.nameLength).optional(),
      n: z.string().max(LIMITS.nameLength).optional(),
      a: url.optional(),
      fl: z
        .record(z.string().min(1).max(LIMITS.fieldNameLength), z.string().max(LIMITS.fieldValueLength))
        .refine((r) => Object.keys(r).length <= LIMITS.maxFields, `at most ${LIMITS.maxFields} fields`),
    }),
    /** The email found in the form, if any: identifies the visitor. */
    em: email.optional(),
  }),
  z.strictObject({ ...common, t: z.literal('identify'), em: email, tr: flatRecord.optional() }),
  z.strictObject({ ...common, t: z.literal('track'), n: z.string().min(1).max(LIMITS.nameLength), p: flatRecord.optional() }),
]);
export type WireEvent = z.infer<typeof wireEventSchema>;

export const wireBatchSchema = z.strictObject({
  /** Site key. */
  s: z.string().min(1).max(64),
  /** Visitor id: 128-bit, time-ordered (UUIDv7 layout), as 32 hex digits or a dashed UUID. */
  v: z
    .string()
    .regex(/^[0-9a-f]{32}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'visitor id must be 32 hex digits or a UUID'),
  /** Session id. */
  ss: id.optional(),
  /** Session attribution: the landing page URL and its referrer, kept for the session. */
  l: z.strictObject({ u: url.optional(), r: url.optional() }).optional(),
  e: z.array(wireEventSchema).min(1).max(LIMITS.maxEventsPerBatch, `at most ${LIMITS.maxEventsPerBatch} events per batch`),
});
export type WireBatch = z.infer<typeof wireBatchSchema>;
