import { describe, expect, it } from 'vitest';
import { scoringSchema } from '../config.js';
import { compileRules } from '../rules/compile.js';
import { summarize } from '../scoring/score.js';
import { roundReasons } from '../projection/summary.js';
import type { LeadRow, StoredProjection } from '../projection/store.js';
import type { LeadModel } from '../stages/lead-model.js';
import { RULES_B } from '../../../test/support/replay-histories.js';
import type { LeadInputs, ReplayEvent } from './inputs.js';
import { createScan, type ReplayedLead } from './scan.js';

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const rules = compileRules(scoringSchema.parse(RULES_B));
const to = T0 + 40 * HOUR;
const now = to;

/** Views of two pages, a careers page, an identify with a title and a demo form: engagement, fit and a stage change. */
function events(): ReplayEvent[] {
  const at = (seq: number) => ({ seq, name: null, ts: T0 + seq * HOUR, receivedAt: T0 + seq * HOUR, attributedSeq: null });
  const view = (seq: number, path: string, pageClass: string) => ({ ...at(seq), type: 'pageview' as const, path, pageClass, props: {} });
  return [
    view(1, '/pricing', 'pricing'),
    view(2, '/pricing', 'pricing'),
    view(3, '/pricing/enterprise', 'pricing'),
    view(4, '/careers', 'careers'),
    { ...at(5), type: 'identify' as const, path: null, pageClass: null, props: { email: 'p@acme.io', traits: { title: 'VP Sales' } } },
    {
      ...at(6),
      type: 'form' as const,
      name: 'demo',
      path: '/demo',
      pageClass: null,
      props: { form: { id: 'demo', fields: { budget: 'yes' } } },
    },
  ];
}

const firstRow: LeadRow = {
  id: 7,
  email: 'p@acme.io',
  name: null,
  title: null,
  company: null,
  company_domain: 'acme.io',
  created_at: T0,
  created_seq: 1,
  first_seen_at: null,
  last_seen_at: null,
  first_touch_at: null,
  source: 'direct',
  campaign: null,
  stage: 'lead',
  disposition: null,
  stage_changed_at: T0,
  sql_since: null,
  first_mql_at: null,
  first_sql_at: null,
  fit: 0,
  rank_key: 0,
  top_engagement_reason: null,
  top_engagement_rank: null,
  top_fit_reason: null,
  top_fit_points: null,
  next_timer_at: null,
};

const scanOne = (lead: LeadInputs) => createScan({ inputs: () => [lead], rankEpoch: T0 }, rules, to, now).chunk(0, 10).changed;

/** What the writer stores for a replayed lead, as the scan reads it back. */
function storedAs(change: ReplayedLead): { row: LeadRow; stored: StoredProjection } {
  const history = change.history!.map((t) => ({
    at: t.at,
    kind: t.kind,
    from_value: t.from,
    to_value: t.to,
    cause: t.cause,
    score: t.score,
  }));
  const traits = new Map(change.traits.map(([key, t]) => [key, { value: JSON.stringify(t.value), set_at: t.setAt, evidence_seq: t.seq }]));
  return { row: { ...firstRow, ...change.derived }, stored: { model: change.model, history, traits } };
}

/** Edits of the stored model that show in no lead column, no history row and no trait: only the model's JSON tells them. */
const HIDDEN_EDITS: [string, (m: LeadModel) => void][] = [
  ['a rule’s credited events', (m) => m.engagement.rules['view']!.seqs.pop()],
  ['a rule’s path counts', (m) => (m.engagement.rules['view']!.paths['/pricing'] = 1)],
  ['the last folded event', (m) => (m.engagement.last = [m.engagement.last![0], m.engagement.last![1] + 1])],
  ['a rule’s cap window', (m) => m.engagement.rules['careers']!.window.push([T0, 0])],
];

describe('rescore scan: a lead is unchanged only when its stored model is the replay’s, to the byte', () => {
  const lead = (row: LeadRow, stored: StoredProjection): LeadInputs => ({ row, events: events(), actions: [], stored });
  const [first] = scanOne(lead(firstRow, { model: '{}', history: [], traits: new Map() }));

  it('reports a stage change with the score and the top reasons summarize gives', () => {
    const model = JSON.parse(first!.model) as LeadModel;
    expect(first!.derived.stage).not.toBe('lead');
    const s = summarize(rules, model.engagement, model.traits, now);
    expect(first!.headline).toEqual({ score: s.total, reasons: roundReasons(s.top) });
    expect(first!.headline!.reasons.length).toBeGreaterThan(1);
  });

  it('skips a lead stored exactly as replayed', () => {
    const { row, stored } = storedAs(first!);
    expect(scanOne(lead(row, stored))).toEqual([]);
  });

  it.each(HIDDEN_EDITS)('rewrites a lead whose stored model differs only in %s', (_, edit) => {
    const { row, stored } = storedAs(first!);
    const model = JSON.parse(stored.model!) as LeadModel;
    edit(model);
    const edited = JSON.stringify(model);
    expect(edited).not.toBe(stored.model);
    const changed = scanOne(lead(row, { ...stored, model: edited }));
    expect(changed).toHaveLength(1);
    expect(changed[0]!.model).toBe(first!.model);
    expect(changed[0]!.storedModel).toBe(edited);
    expect(changed[0]!.history).toBeNull();
    expect(changed[0]!.traits).toEqual([]);
  });
});
