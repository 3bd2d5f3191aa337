import type { Disposition } from '../events/domain.js';

/**
 * What a backtest reports for one rule set, computed from per-lead replays. Pure: the replays
 * come in, numbers come out.
 *
 * Outcome of a lead: its sales disposition as it stands (accepted or won = positive, rejected or
 * lost = negative, none = unknown). Rule-independent: a backtest asks how a rule set would have
 * treated the people sales already judged.
 */
export type Band = 'lead' | 'mql' | 'near_sql' | 'sql';
export const BANDS: readonly Band[] = ['lead', 'mql', 'near_sql', 'sql'];
export type Outcome = 'positive' | 'negative' | null;

export const outcomeOf = (d: Disposition | null): Outcome =>
  d === 'accepted' || d === 'won' ? 'positive' : d === 'rejected' || d === 'lost' ? 'negative' : null;

/** One lead replayed under one rule set. */
export interface LeadReplay {
  leadId: number;
  /** The stage now (a lead won or lost keeps the stage it had). */
  band: Band;
  score: number;
  everMql: boolean;
  everSql: boolean;
  /** Times of upward crossings into SQL (each one an alert; hysteresis decides when another may follow). */
  sqlAlertsAt: number[];
  /** Rules that gave this lead points (engagement rules that matched an event, fit rules that hold). */
  rules: string[];
}

export interface RuleLift {
  ruleId: string;
  /** Leads the rule scored, and of those the ones sales judged. */
  leads: number;
  positive: number;
  negative: number;
  /** positive / (positive + negative), or null without judged leads. */
  positiveRate: number | null;
  /** positiveRate / the positive rate of all judged leads: above 1 the rule finds buyers, below 1 it finds the others. */
  lift: number | null;
}

export interface RuleSetReport {
  counts: Record<Band, number>;
  /** ISO week (`2025-W07`) → alerts, weeks in order, only weeks with alerts. */
  alertsPerWeek: Record<string, number>;
  alerts: number;
  /** Against the dispositions: a lead counts as flagged when it reached SQL at any time in the replay. */
  confusion: { truePositive: number; falsePositive: number; falseNegative: number; trueNegative: number };
  precision: number | null;
  recall: number | null;
  /**
   * What precision and recall rest on: the judged leads (every lead with a disposition, whatever
   * stage it reached), and whether that is too few to mean anything (MIN_OUTCOMES), or only leads
   * the rule set flagged (then recall is 1 by construction: sales judged SQLs only).
   */
  outcomes: { judged: number; positive: number; negative: number; tooFew: boolean; onlyFlaggedJudged: boolean };
  /** Of the leads that ever reached MQL, the share that reached SQL. */
  mqlToSql: number | null;
  /** Of the leads that ever reached SQL, the share sales won. */
  sqlToWon: number | null;
  ruleLift: RuleLift[];
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/**
 * Below these, precision and recall are flagged as resting on too few outcomes: 30 judged leads
 * (the usual floor for a proportion's normal approximation) and 10 of each outcome (a 95% interval
 * on a rate from fewer is wider than ±30 points).
 */
export const MIN_OUTCOMES = { judged: 30, perOutcome: 10 } as const;

/** `2025-W07`: the ISO-8601 week (weeks start on Monday; week 1 holds the year's first Thursday), in UTC. */
export function isoWeek(ms: number): string {
  const d = new Date(ms);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function reportRuleSet(
  replays: readonly LeadReplay[],
  dispositions: ReadonlyMap<number, Disposition | null>,
  ruleIds: readonly string[],
): RuleSetReport {
  const counts = Object.fromEntries(BANDS.map((b) => [b, 0])) as Record<Band, number>;
  const weeks = new Map<string, number>();
  const confusion = { truePositive: 0, falsePositive: 0, falseNegative: 0, trueNegative: 0 };
  let everMql = 0;
  let mqlThenSql = 0;
  let everSql = 0;
  let sqlWon = 0;
  const lift = new Map(ruleIds.map((id) => [id, { ruleId: id, leads: 0, positive: 0, negative: 0 }]));

  for (const r of replays) {
    counts[r.band]++;
    for (const at of r.sqlAlertsAt) weeks.set(isoWeek(at), (weeks.get(isoWeek(at)) ?? 0) + 1);
    const disposition = dispositions.get(r.leadId) ?? null;
    const outcome = outcomeOf(disposition);
    if (outcome === 'positive') confusion[r.everSql ? 'truePositive' : 'falseNegative']++;
    if (outcome === 'negative') confusion[r.everSql ? 'falsePositive' : 'trueNegative']++;
    if (r.everMql) everMql++;
    if (r.everMql && r.everSql) mqlThenSql++;
    if (r.everSql) everSql++;
    if (r.everSql && disposition === 'won') sqlWon++;
    for (const id of new Set(r.rules)) {
      const row = lift.get(id);
      if (!row) continue;
      row.leads++;
      if (outcome) row[outcome]++;
    }
  }

  const judged = confusion.truePositive + confusion.falsePositive + confusion.falseNegative + confusion.trueNegative;
  const baseRate = ratio(confusion.truePositive + confusion.falseNegative, judged);
  const alertsPerWeek = Object.fromEntries([...weeks].sort(([a], [b]) => a.localeCompare(b)));
  return {
    counts,
    alertsPerWeek,
    alerts: [...weeks.values()].reduce((a, b) => a + b, 0),
    confusion,
    precision: ratio(confusion.truePositive, confusion.truePositive + confusion.falsePositive),
    outcomes: outcomeEvidence(confusion, judged),
    recall: ratio(confusion.truePositive, confusion.truePositive + confusion.falseNegative),
    mqlToSql: ratio(mqlThenSql, everMql),
    sqlToWon: ratio(sqlWon, everSql),
    ruleLift: [...lift.values()].map((row) => {
      const positiveRate = ratio(row.positive, row.positive + row.negative);
      return { ...row, positiveRate, lift: positiveRate === null || !baseRate ? null : positiveRate / baseRate };
    }),
  };
}

function outcomeEvidence(c: RuleSetReport['confusion'], judged: number): RuleSetReport['outcomes'] {
  const positive = c.truePositive + c.falseNegative;
  const negative = c.falsePositive + c.trueNegative;
  return {
    judged,
    positive,
    negative,
    tooFew: judged < MIN_OUTCOMES.judged || positive < MIN_OUTCOMES.perOutcome || negative < MIN_OUTCOMES.perOutcome,
    onlyFlaggedJudged: judged > 0 && c.falseNegative + c.trueNegative === 0,
  };
}

export interface BandChange {
  leadId: number;
  email: string;
  from: Band;
  to: Band;
  scoreFrom: number;
  scoreTo: number;
  disposition: Disposition | null;
}

/** Leads whose stage now differs between the two rule sets, biggest moves first. */
export function bandChanges(
  current: readonly LeadReplay[],
  proposed: readonly LeadReplay[],
  emails: ReadonlyMap<number, string>,
  dispositions: ReadonlyMap<number, Disposition | null>,
): BandChange[] {
  const byLead = new Map(proposed.map((r) => [r.leadId, r]));
  const changes: BandChange[] = [];
  for (const c of current) {
    const p = byLead.get(c.leadId);
    if (!p || p.band === c.band) continue;
    changes.push({
      leadId: c.leadId,
      email: emails.get(c.leadId) ?? '',
      from: c.band,
      to: p.band,
      scoreFrom: c.score,
      scoreTo: p.score,
      disposition: dispositions.get(c.leadId) ?? null,
    });
  }
  const rank = (b: Band) => BANDS.indexOf(b);
  return changes.sort((a, b) => Math.abs(rank(b.to) - rank(b.from)) - Math.abs(rank(a.to) - rank(a.from)) || a.leadId - b.leadId);
}
