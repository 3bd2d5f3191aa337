import { scoringSchema, type ScoringConfig } from '../engine/config.js';
import { compileRules, type CompiledRules } from '../engine/rules/compile.js';
import { badRequest } from '../errors.js';
import { describeZodError } from '../http/zod-details.js';

/**
 * Proposed rules: a value of the same shape as the configuration's `scoring` section, validated
 * by the same schema (so defaults fill what it leaves out, exactly as in a config file). A bad
 * value is a 400 naming every wrong key; the CLI prints the same list.
 */
export function parseProposedRules(value: unknown): { config: ScoringConfig; rules: CompiledRules } {
  const parsed = scoringSchema.safeParse(value ?? {});
  if (!parsed.success) {
    const details = describeZodError(parsed.error);
    // The message names the first problems too, for clients that show only the message (the dashboard).
    const first = details
      .slice(0, 3)
      .map((d) => `${d.path}: ${d.message}`)
      .join('; ');
    throw badRequest(`invalid proposed rules: ${first}${details.length > 3 ? '; …' : ''}`, details);
  }
  return { config: parsed.data, rules: compileRules(parsed.data) };
}
