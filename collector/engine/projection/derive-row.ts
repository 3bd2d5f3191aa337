import type { CompiledRules } from '../rules/compile.js';
import { decayFactor, engagementAt } from '../scoring/engagement.js';
import { headline, type ScoreHeadline } from '../scoring/score.js';
import { companyNameOf } from '../identity/email-domain.js';
import { nextTimerAt, type LeadModel } from '../stages/lead-model.js';
import type { LeadRow } from './store.js';

const text = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

/**
 * The lead row's derived columns from its model (pure: the rescore worker derives with it too),
 * assigned to `row`; returns the score headline the domain events carry.
 */
export function deriveRow(rules: CompiledRules, row: LeadRow, model: LeadModel, epoch: number, now: number): ScoreHeadline {
  const s = headline(rules, model.engagement, model.traits, now);
  const { topEngagement, topFit } = s;
  const m = model.machine;
  const traits = model.traits;
  Object.assign(row, {
    name: text(traits.name?.value),
    title: text(traits.title?.value),
    company: text(traits.company?.value) ?? (row.company_domain && companyNameOf(row.company_domain)),
    stage: m.stage,
    disposition: m.disposition,
    stage_changed_at: m.stageChangedAt,
    sql_since: m.sqlSince,
    first_mql_at: m.firstMqlAt,
    first_sql_at: m.firstSqlAt,
    fit: s.fit,
    rank_key: engagementAt(model.engagement, rules.halfLifeMs, epoch),
    top_engagement_reason: topEngagement?.text ?? null,
    top_engagement_rank: topEngagement
      ? (model.engagement.rules[topEngagement.ruleId]?.k ?? 0) * decayFactor(rules.halfLifeMs, model.engagement.epochMs, epoch)
      : null,
    top_fit_reason: topFit?.text ?? null,
    top_fit_points: topFit?.points ?? null,
    next_timer_at: nextTimerAt(rules, model),
  } satisfies Partial<LeadRow>);
  return s;
}
