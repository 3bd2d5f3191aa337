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
/** PLACEHOLDER for `split`: the literal parts with each placeholder's name between them. */
const PLACEHOLDER_PARTS = /\{(count|span|path|value)\}/;
type Placeholder = 'count' | 'span' | 'path' | 'value';

/**
 * Each template's parts (literal, name, literal, …) as tidied for an empty value and an empty path
 * (the only placeholders that can render empty): four shapes at most. Rendering then only joins
 * the parts; before, each rendering took three regular-expression passes over the template. Bounded,
 * since a backtest may render rules that are not the configured ones.
 */
const SHAPES = new Map<string, (readonly string[])[]>();
const MAX_TEMPLATES = 256;

function partsOf(template: string, valueEmpty: boolean, pathEmpty: boolean): readonly string[] {
  let shapes = SHAPES.get(template);
  if (!shapes) {
    if (SHAPES.size >= MAX_TEMPLATES) SHAPES.clear();
    SHAPES.set(template, (shapes = []));
  }
  const shape = (valueEmpty ? 1 : 0) + (pathEmpty ? 2 : 0);
  return (shapes[shape] ??= template
    .replace(PLACEHOLDER, (match, key: Placeholder) => ((key === 'value' && valueEmpty) || (key === 'path' && pathEmpty) ? '' : match))
    .replace(/\s*\(\s*\)/g, '')
    .split(PLACEHOLDER_PARTS));
}

/**
 * Fills {count}, {span}, {path} and {value}; an unknown value leaves the phrase readable ("senior
 * title ({value})" without a title reads "senior title"). Visitor values are inserted verbatim: only
 * the template is tidied, and values are joined in, never run through a replacement pattern.
 */
export function renderReason(template: string, facts: ReasonFacts): string {
  const path = facts.path ?? 'a page';
  const value = facts.value ?? '';
  const parts = partsOf(template, value === '', path === '');
  let text = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i] as Placeholder;
    text += key === 'count' ? String(facts.count) : key === 'span' ? span(facts.firstTs, facts.lastTs) : key === 'path' ? path : value;
    text += parts[i + 1]!;
  }
  return text.trim();
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
