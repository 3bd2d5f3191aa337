import type { LeadFacts } from '../store/port/routing.js';
import type { RoutingConfig, RoutingRule } from './config.js';

/**
 * Routing as a pure function: a lead's facts and its company's owner in, the owners to try out,
 * in order. The caller takes the first that names a user who can own leads (a rule whose user was
 * removed falls through to the next), so the order here is the whole policy.
 */
export type Candidate = { how: 'account'; userId: number } | { how: `rule:${string}`; email: string } | { how: 'round-robin' };

/** Traits are stored as JSON values; rules compare their text. */
function traitText(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return value === null ? null : String(value);
  } catch {
    return raw;
  }
}

const oneOf = (value: string | null, list: readonly string[] | undefined) =>
  list === undefined || (value !== null && list.some((v) => v.toLowerCase() === value.toLowerCase()));

/** Every condition the rule gives holds for the lead. */
export function ruleMatches(rule: RoutingRule, facts: LeadFacts): boolean {
  return (
    oneOf(traitText(facts.traits.country), rule.country) &&
    (rule.trait === undefined || oneOf(traitText(facts.traits[rule.trait.key]), rule.trait.in)) &&
    (rule.site === undefined || facts.sites.some((site) => oneOf(site, rule.site))) &&
    oneOf(facts.domain, rule.domain)
  );
}

export function routeCandidates(
  config: Pick<RoutingConfig, 'accountOwner' | 'rules' | 'roundRobin'>,
  facts: LeadFacts,
  accountOwner: number | null,
): Candidate[] {
  const candidates: Candidate[] = [];
  if (config.accountOwner && accountOwner !== null) candidates.push({ how: 'account', userId: accountOwner });
  for (const rule of config.rules) if (ruleMatches(rule, facts)) candidates.push({ how: `rule:${rule.name}`, email: rule.to });
  if (config.roundRobin) candidates.push({ how: 'round-robin' });
  return candidates;
}

/** Whose turn it is: the available sales users in id order, the shared counter's value modulo their number. */
export const roundRobinPick = (availableIds: readonly number[], turn: number): number | null =>
  availableIds.length ? [...availableIds].sort((a, b) => a - b)[turn % availableIds.length]! : null;
