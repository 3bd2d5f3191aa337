import type { StoredEvent } from '../../events/types.js';
import type { CompiledRules } from '../../engine/rules/compile.js';
import type { Traits } from '../../engine/rules/traits.js';
import { engagementAt, foldEvent, initialEngagement, compareEvents } from '../../engine/scoring/engagement.js';
import { fitOf } from '../../engine/scoring/score.js';
import { round1 } from '../../engine/scoring/reasons.js';

/** At most this many points: enough for a chart, small enough for a response. */
export const MAX_HISTORY_POINTS = 300;

/**
 * The score over time, from the events: just before each event (showing the decay since the
 * last one) and just after it, then now. Fit counts the traits known at each moment.
 */
export function scoreHistory(
  rules: CompiledRules,
  events: readonly StoredEvent[],
  traits: Traits,
  now: number,
): { at: number; score: number }[] {
  const sorted = [...events].sort(compareEvents);
  const state = initialEngagement();
  const fitAt = (t: number) =>
    fitOf(rules, Object.fromEntries(Object.entries(traits).filter(([k, v]) => k === 'email' || v.setAt <= t))).fit;
  const points: { at: number; score: number }[] = [];
  let previousTs: number | null = null;
  for (const event of sorted) {
    if (previousTs !== null && event.ts - previousTs > 3_600_000)
      points.push({ at: event.ts - 1, score: engagementAt(state, rules.halfLifeMs, event.ts - 1) + fitAt(event.ts - 1) });
    foldEvent(rules, state, event);
    points.push({ at: event.ts, score: engagementAt(state, rules.halfLifeMs, event.ts) + fitAt(event.ts) });
    previousTs = event.ts;
  }
  if (!previousTs || now > previousTs) points.push({ at: now, score: engagementAt(state, rules.halfLifeMs, now) + fitAt(now) });
  // Thin out evenly, always keeping the last point (now).
  const step = Math.ceil(points.length / MAX_HISTORY_POINTS);
  const kept = step > 1 ? points.filter((_, i) => i % step === 0 || i === points.length - 1) : points;
  return kept.map((p) => ({ at: p.at, score: round1(p.score) }));
}
