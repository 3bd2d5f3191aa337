import { z } from 'zod';
import { EVENT_TYPES } from '../../events/types.js';

/**
 * The scoring rules as configuration: zod schemas with length caps and messages that say what
 * to write instead. Engagement rules score events (and decay); fit rules score traits (and do not).
 */

export const RULE_ID = /^[a-z][a-z0-9_.-]{0,63}$/;
const ruleId = z.string().regex(RULE_ID, 'rule ids are lower-case words: a-z first, then a-z, 0-9, _, . or - (at most 64)');
const label = z.string().min(1).max(120);
/** Patterns in the one dialect of `collector/glob.ts` (`*` within a segment, `**` across; case ignored). */
const glob = z.string().min(1).max(200);
const globs = z.array(glob).min(1).max(50);
const pageClass = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'page classes are lower-case words (see sites[].pageClasses)');
/** Reason templates: {count}, {span} ("3 days"), {path}, {value} (the trait value for fit rules). */
const template = z.string().min(1).max(200);

export const eventCriteriaSchema = z
  .strictObject({
    types: z.array(z.enum(EVENT_TYPES)).min(1).max(EVENT_TYPES.length).optional(),
    pageClasses: z.array(pageClass).min(1).max(50).optional(),
    /** URL path patterns, e.g. `/pricing/**`. */
    paths: globs.optional(),
    /** A submitted form whose id or name matches, or that was sent from a page of one of the classes (any of them). */
    form: z
      .strictObject({ ids: globs.optional(), names: globs.optional(), pageClasses: z.array(pageClass).min(1).max(50).optional() })
      .optional(),
    /** Custom (`track`) event names. */
    eventNames: globs.optional(),
    /** Download / outbound link targets; tried on the whole URL and on the file name, so `*.pdf` works. */
    hrefs: globs.optional(),
    /** `engage` events with at least this much visible time on the page. */
    minEngagedSeconds: z.number().min(0).max(86400).optional(),
  })
  .refine(
    (c) => Object.values(c).some((v) => v !== undefined),
    'give at least one criterion (types, pageClasses, paths, form, eventNames, hrefs, minEngagedSeconds)',
  );
export type EventCriteria = z.infer<typeof eventCriteriaSchema>;

const capSchema = z.strictObject({
  /** At most this many points (in magnitude, for negative rules) ... */
  points: z.number().positive().max(100000),
  /** ... within any window of this many days. */
  days: z.number().positive().max(3650),
});

export const engagementRuleSchema = z.strictObject({
  id: ruleId,
  label,
  /** Why the rule exists (documentation; shown on the dashboard's settings page). */
  why: z.string().max(500).optional(),
  /** One set of criteria (all must hold), or a list of them (any may hold). */
  match: z.union([eventCriteriaSchema, z.array(eventCriteriaSchema).min(1).max(20)]),
  points: z
    .number()
    .min(-1000)
    .max(1000)
    .refine((p) => p !== 0, 'points must not be 0'),
  cap: capSchema.optional(),
  /** Counts as a high-intent action for the SQL criteria (a demo request, a pricing inquiry). */
  highIntent: z.boolean().default(false),
  /** The reason in words for one event, e.g. "requested a demo". */
  text: template,
  /** The reason for several events, e.g. "visited {path} {count}× in {span}". Defaults to text + " ({count}×)". */
  textMany: template.optional(),
});
export type EngagementRuleConfig = z.infer<typeof engagementRuleSchema>;

const scalar = z.union([z.string().max(200), z.number(), z.boolean()]);

/**
 * A test on one trait. Derived traits: `email`, `email_domain`, `email_type` ('free' | 'company').
 * Numbers compare numerically; strings like "51-200", "1,000+" or "250 employees" count as their first number.
 */
export const traitMatcherSchema = z
  .strictObject({
    trait: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'trait names are lower-case snake_case (e.g. company_size)'),
    equals: z.array(scalar).min(1).max(100).optional(),
    /** Regular expression, case-insensitive. */
    pattern: z.string().min(1).max(300).optional(),
    /** Regular expression that must NOT match (case-insensitive). */
    notPattern: z.string().min(1).max(300).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    /** true: the trait has a non-empty value; false: it has none. */
    present: z.boolean().optional(),
  })
  .superRefine((m, ctx) => {
    for (const key of ['pattern', 'notPattern'] as const) {
      const source = m[key];
      if (source === undefined) continue;
      try {
        new RegExp(source, 'i');
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: [key], message: `not a valid regular expression: ${(err as Error).message}` });
      }
    }
    if (m.min !== undefined && m.max !== undefined && m.min > m.max)
      ctx.addIssue({ code: 'custom', path: ['min'], message: 'min is above max' });
  });
export type TraitMatcher = z.infer<typeof traitMatcherSchema>;

export const BANT_KEYS = ['budget', 'authority', 'need', 'timeline'] as const;
export type BantKey = (typeof BANT_KEYS)[number];

/** A fit condition: one trait matcher, a list (any), or one BANT criterion being met. */
const fitMatchSchema = z.union([
  traitMatcherSchema,
  z.array(traitMatcherSchema).min(1).max(20),
  z.strictObject({ bant: z.enum(BANT_KEYS) }),
]);

export const fitRuleSchema = z.strictObject({
  id: ruleId,
  label,
  why: z.string().max(500).optional(),
  match: fitMatchSchema,
  points: z
    .number()
    .min(-1000)
    .max(1000)
    .refine((p) => p !== 0, 'points must not be 0'),
  /** The reason in words, e.g. "budget confirmed" or "senior title ({value})". */
  text: template,
});
export type FitRuleConfig = z.infer<typeof fitRuleSchema>;

/** Each BANT criterion is met when any of its matchers holds. */
export const bantSchema = z.strictObject({
  budget: z.array(traitMatcherSchema).min(1).max(20),
  authority: z.array(traitMatcherSchema).min(1).max(20),
  need: z.array(traitMatcherSchema).min(1).max(20),
  timeline: z.array(traitMatcherSchema).min(1).max(20),
});
export type BantConfig = z.infer<typeof bantSchema>;

/** Rule ids must be unique across engagement and fit rules: reasons and breakdowns refer to them. */
export function checkUniqueRuleIds(ids: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return null;
}
