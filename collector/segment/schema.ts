import { z } from 'zod';

/**
 * The Segment Spec's messages as zod schemas, as lenient as Segment itself where libraries differ
 * (ids may be numbers, `version` a number or a string, unknown keys are ignored) and strict where
 * Kindling needs a value (a track needs `event`, a group `groupId`, an alias `previousId` and `userId`).
 * Sizes are bounded before parsing: 500 KB per request, 32 KB per message (see LIMITS).
 */
export const SEGMENT_LIMITS = {
  maxBodyBytes: 500 * 1024,
  maxEventBytes: 32 * 1024,
  maxBatchEvents: 2500,
  idLength: 400,
  urlLength: 2048,
  nameLength: 200,
} as const;

/** userId, anonymousId, previousId, groupId, messageId: strings, or numbers some libraries send. */
const id = z.union([z.string().trim().min(1).max(SEGMENT_LIMITS.idLength), z.number().finite().transform(String)]);
/** ISO-8601 string or ms since epoch; parsed (leniently) in time.ts. */
const time = z.union([z.string().min(1).max(64), z.number().finite()]);
const text = z.string().max(SEGMENT_LIMITS.urlLength);
/** Absent and null mean the same to every library. */
const opt = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
const record = z.record(z.string().max(SEGMENT_LIMITS.nameLength), z.unknown());

const pageContext = z.looseObject({
  url: opt(text),
  path: opt(text),
  referrer: opt(text),
  title: opt(text),
});
const campaign = z.looseObject({
  name: opt(text),
  source: opt(text),
  medium: opt(text),
  term: opt(text),
  content: opt(text),
});

export const contextSchema = z.looseObject({
  ip: opt(z.string().max(100)),
  userAgent: opt(z.string().max(1000)),
  /** Sent from the user's device: the connection's address is the user's (Segment's rule). */
  direct: opt(z.boolean()),
  page: opt(pageContext),
  campaign: opt(campaign),
});
export type SegmentContext = z.infer<typeof contextSchema>;

const common = {
  messageId: opt(id),
  userId: opt(id),
  anonymousId: opt(id),
  timestamp: opt(time),
  originalTimestamp: opt(time),
  sentAt: opt(time),
  context: opt(contextSchema),
  /** Authenticates a request without an Authorization header (see auth.ts). */
  writeKey: opt(z.string().max(200)),
};

const pageProperties = z.looseObject({
  url: opt(text),
  path: opt(text),
  referrer: opt(text),
  title: opt(text),
});

export const messageSchema = z
  .discriminatedUnion('type', [
    z.looseObject({ ...common, type: z.literal('identify'), traits: opt(record) }),
    z.looseObject({
      ...common,
      type: z.literal('track'),
      event: z.string().trim().min(1, 'a track needs an event name').max(SEGMENT_LIMITS.nameLength),
      properties: opt(record),
    }),
    z.looseObject({
      ...common,
      type: z.literal('page'),
      name: opt(z.string().max(SEGMENT_LIMITS.nameLength)),
      category: opt(z.string().max(SEGMENT_LIMITS.nameLength)),
      properties: opt(pageProperties),
    }),
    z.looseObject({ ...common, type: z.literal('group'), groupId: id, traits: opt(record) }),
    z.looseObject({ ...common, type: z.literal('alias'), previousId: id, userId: id }),
    // Screens are app views: accepted so mobile batches pass, but Kindling has nothing to map them to.
    z.looseObject({ ...common, type: z.literal('screen') }),
  ])
  .superRefine((m, ctx) => {
    if (m.userId === undefined && m.anonymousId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['userId'], message: 'every message needs a userId or an anonymousId' });
    }
  });
export type SegmentMessage = z.infer<typeof messageSchema>;
export type SegmentType = SegmentMessage['type'];

/** `/v1/batch`: messages are validated one by one after the batch's context and sentAt are merged in. */
export const batchEnvelopeSchema = z.looseObject({
  batch: z.array(z.unknown()).max(SEGMENT_LIMITS.maxBatchEvents, `at most ${SEGMENT_LIMITS.maxBatchEvents} messages per batch`),
  context: opt(z.record(z.string(), z.unknown())),
  sentAt: opt(time),
  writeKey: opt(z.string().max(200)),
});
