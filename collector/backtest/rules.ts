import { scoringSchema, type ScoringConfig } from '../config/scoring.js';
import { compileRules, type CompiledRules } from '../engine/rules/compile.js';
import { badRequest } from '../errors.js';
import { describeZodError } from '../ingest/zod-details.js';

/**
 * Proposed rules: a value of the same shape as the configuration's `scoring` section, validated
 * by the same schema (so defaults fill what it leaves out, exactly as in a config file). A bad
 * value is a 400 naming every wrong key; the CLI prints the same list.
 */
export function parseProposedRules(value: unknown): { config: ScoringConfig; rules: CompiledRules } {
  const parsed = scoringSchema.safeParse(value ?? {});
  if (!parsed.success) throw badRequest('invalid proposed rules', describeZodError(parsed.error));
  return { config: parsed.data, rules: compileRules(parsed.data) };
}
