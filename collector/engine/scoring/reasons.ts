import type { Reason } from '../../events/domain.js';
import { DAY_MS } from '../rules/compile.js';

export interface ReasonFacts {
  count: number;
  firstTs: number;
  lastTs: number;
  /** The most frequent path of the matching events. */
  path: string | null;
  /** The trait value behind a fit rule. */
  value: string | null;
}

/** "3 days" from the first to the last matching event (at least one day). */
export function span(firstTs: number, lastTs: number): string {
  const days = Math.max(1, Math.ceil((lastTs - firstTs) / DAY_MS));
  return days === 1 ? '1 day' : `${days} days`;
}

const PLACEHOLDER = /\{(count|span|path|value)\}/g;
type Placeholder = 'count' | 'span' | 'path' | 'value';

/**
 * Fills {count}, {span}, {path} and {value}; an unknown value leaves the phrase readable ("senior
 * title ({value})" without a title reads "senior title"). Visitor values are inserted verbatim: only
 * the template is tidied, and a function replacer never expands `$&`, `$'` or `` $` `` in a value.
 */
export function renderReason(template: string, facts: ReasonFacts): string {
  const values: Record<Placeholder, string> = {
    count: String(facts.count),
    span: span(facts.firstTs, facts.lastTs),
    path: facts.path ?? 'a page',
    value: facts.value ?? '',
  };
  const shaped = template.replace(PLACEHOLDER, (match, key: Placeholder) => (values[key] === '' ? '' : match)).replace(/\s*\(\s*\)/g, '');
  return shaped.replace(PLACEHOLDER, (_match, key: Placeholder) => values[key]).trim();
}

export function mostFrequent(counts: Record<string, number>): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [key, count] of Object.entries(counts)) {
    if (count > bestCount) {
      best = key;
      bestCount = count;
    }
  }
  return best;
}

export const round1 = (n: number): number => Math.round(n * 10) / 10;

/** The positive reasons, strongest first: what makes this lead hot. */
export function topReasons(reasons: readonly Reason[], limit: number): Reason[] {
  return reasons
    .filter((r) => r.points > 0)
    .sort((a, b) => b.points - a.points || a.ruleId.localeCompare(b.ruleId))
    .slice(0, limit);
}
