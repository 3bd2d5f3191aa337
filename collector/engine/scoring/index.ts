/**
 * The pure scoring module: score(rules, events, traits, now) and the incremental fold it is made
 * of. No I/O and no clock inside; `now` is always an argument.
 */
export { score, summarize, fitOf, type ScoreSummary, type RuleBreakdown, type BreakdownEvent } from './score.js';
export {
  initialEngagement,
  foldEvent,
  replayEngagement,
  engagementAt,
  decayFactor,
  isAfter,
  compareEvents,
  type EngagementState,
  type RuleAccumulator,
  type Award,
} from './engagement.js';
export { renderReason, topReasons, round1 } from './reasons.js';
export {
  compileRules,
  bantMet,
  DAY_MS,
  type CompiledRules,
  type ScoringEvent,
  type EngagementRule,
  type FitRule,
} from '../rules/compile.js';
export type { Traits, TraitEntry, TraitValue } from '../rules/traits.js';
