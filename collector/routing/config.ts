import { z } from 'zod';
import { STAGES } from '../events/domain.js';

/**
 * `routing`: who owns a lead, and what follows from owning one. Rules are data, tried in order,
 * first match wins; each condition given must hold (country, trait, site, domain), and `to` names
 * a user by email. Before the rules, a company's leads follow the owner its first owned lead got
 * (`accountOwner`); after them, round-robin among the sales users marked available.
 */
const values = z.array(z.string().min(1).max(200)).min(1).max(500);

export const routingRuleSchema = z
  .strictObject({
    /** Recorded in the owner history as `rule:<name>`. */
    name: z
      .string()
      .min(1)
      .max(60)
      .regex(/^[\w.-]+$/, 'letters, digits, _ . - only'),
    /** The lead's country trait, case-insensitive (`["DE", "AT", "CH"]`). */
    country: values.optional(),
    /** Any trait's value, case-insensitive. */
    trait: z.strictObject({ key: z.string().min(1).max(100), in: values }).optional(),
    /** A site id the lead was seen on. */
    site: values.optional(),
    /** The lead's company domain (from its email). */
    domain: values.optional(),
    /** The owner: a user's email. */
    to: z.email().max(320),
  })
  .refine((r) => r.country || r.trait || r.site || r.domain, { message: 'a rule needs at least one of country, trait, site, domain' });
export type RoutingRule = z.infer<typeof routingRuleSchema>;

export const routingSchema = z
  .strictObject({
    /** Routing runs once, when a lead first reaches this stage. */
    stage: z.enum(STAGES.filter((s) => s !== 'visitor') as ['lead', 'mql', 'near_sql', 'sql']).default('mql'),
    /** A company's people share its owner: the first owned lead of a company sets it. */
    accountOwner: z.boolean().default(true),
    rules: z.array(routingRuleSchema).max(200).default([]),
    /** When no rule matched: the sales users marked available, in turn. */
    roundRobin: z.boolean().default(true),
    followUp: z
      .strictObject({
        /** An overdue SQL (not acted on within dashboard.slaHours) reminds its owner once. */
        remindOwner: z.boolean().default(true),
        /** Hours after the reminder time before the escalation; 0 turns escalation off. */
        escalateAfterHours: z
          .number()
          .min(0)
          .max(24 * 30)
          .default(24),
        /** Who hears of it: a user by email (their channels), or "team" (the team's endpoints subscribed to lead.overdue). */
        escalateTo: z.union([z.literal('team'), z.email().max(320)]).default('team'),
        /** How often the follow-up check runs (once per fleet each time). */
        checkEverySeconds: z.number().int().min(5).max(3600).default(60),
      })
      .prefault({}),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.rules.forEach((rule, i) => {
      if (seen.has(rule.name)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: 'appears twice' });
      seen.add(rule.name);
    });
  })
  .prefault({});
export type RoutingConfig = z.infer<typeof routingSchema>;
