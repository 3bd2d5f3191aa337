import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extendEngagement } from './incremental.js';
import { initialEngagement, type EngagementState } from './engagement.js';
import { score, summarize } from './score.js';
import { DAY_MS, type CompiledRules, type ScoringEvent } from '../rules/compile.js';
import { rulesFrom } from './test-helpers.js';

const T0 = Date.UTC(2025, 0, 1);
const CLASSES = ['pricing', 'blog', 'careers', null] as const;

const ruleArb = fc.record({
  points: fc.integer({ min: -30, max: 40 }).filter((p) => p !== 0),
  cap: fc.option(fc.record({ points: fc.integer({ min: 1, max: 60 }), days: fc.integer({ min: 1, max: 20 }) }), { nil: undefined }),
  pageClass: fc.constantFrom(...CLASSES),
  type: fc.constantFrom('pageview' as const, 'download' as const),
});

const rulesArb = fc
  .record({ halfLifeDays: fc.integer({ min: 1, max: 60 }), list: fc.array(ruleArb, { minLength: 1, maxLength: 4 }) })
  .map(({ halfLifeDays, list }) =>
    rulesFrom({
      halfLifeDays,
      fitRules: [],
      engagementRules: list.map((r, i) => ({
        id: `r${i}`,
        label: `rule ${i}`,
        text: `rule ${i}`,
        points: r.points,
        ...(r.cap ? { cap: r.cap } : {}),
        match: r.pageClass ? { types: [r.type], pageClasses: [r.pageClass] } : { types: [r.type] },
      })),
    }),
  );

/** Events in arrival (seq) order; timestamps mostly rise but may repeat or jump back (late events). */
const streamArb = fc
  .array(
    fc.record({
      // Whole days often, so events land exactly on cap-window edges.
      dtHours: fc.oneof(fc.constantFrom(0, 24, 48, 72, 168, -24), fc.integer({ min: -72, max: 400 })),
      type: fc.constantFrom('pageview' as const, 'download' as const),
      pageClass: fc.constantFrom(...CLASSES),
    }),
    { minLength: 1, maxLength: 60 },
  )
  .map((items) => {
    let ts = T0;
    return items.map((it, i): ScoringEvent => {
      ts = Math.max(T0, ts + it.dtHours * 3_600_000);
      return { seq: i + 1, type: it.type, ts, name: null, path: it.pageClass ? `/${it.pageClass}` : '/', pageClass: it.pageClass, props: {} };
    });
  });

/** The definition, written the slow and obvious way: per rule, in time order, brute-force windows. */
function reference(rules: CompiledRules, events: readonly ScoringEvent[], now: number) {
  const sorted = [...events].sort((a, b) => a.ts - b.ts || a.seq - b.seq);
  let engagement = 0;
  const perRule: Record<string, { raw: number; awarded: number; decayed: number }> = {};
  for (const rule of rules.engagement) {
    const awards: { ts: number; points: number }[] = [];
    const acc = { raw: 0, awarded: 0, decayed: 0 };
    for (const e of sorted.filter((x) => rule.matches(x))) {
      let points = rule.points;
      if (rule.capPoints !== null) {
        const used = awards.filter((a) => a.ts > e.ts - rule.capWindowMs).reduce((s, a) => s + Math.abs(a.points), 0);
        points = Math.sign(rule.points) * Math.min(Math.abs(rule.points), Math.max(0, rule.capPoints - used));
      }
      awards.push({ ts: e.ts, points });
      acc.raw += rule.points;
      acc.awarded += points;
      acc.decayed += points * Math.pow(0.5, (now - e.ts) / rules.halfLifeMs);
    }
    if (awards.length) perRule[rule.id] = acc;
    engagement += acc.decayed;
  }
  return { engagement, perRule };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('incremental scoring equals a full replay', () => {
  it('for random rules, caps, negative points, decay and arrival orders split into random batches', () => {
    fc.assert(
      fc.property(rulesArb, streamArb, fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 200 }), (rules, stream, cuts, laterDays) => {
        // Ingest: batches in arrival order; the state goes through JSON between batches, as in the database.
        let state: EngagementState = initialEngagement();
        let seen: ScoringEvent[] = [];
        let i = 0;
        for (let c = 0; i < stream.length; c++) {
          const batch = stream.slice(i, i + (cuts[c % cuts.length] ?? 1));
          i += batch.length;
          seen = [...seen, ...batch];
          const stored = JSON.parse(JSON.stringify(state)) as EngagementState;
          state = extendEngagement(rules, stored, batch, () => seen).state;
        }
        const now = Math.max(...stream.map((e) => e.ts)) + laterDays * DAY_MS;
        const incremental = summarize(rules, state, {}, now);
        const replayed = score(rules, stream, {}, now);
        // Same fold, same order: bit-identical.
        expect(incremental.engagement).toBe(replayed.engagement);
        expect(incremental.breakdown.map(({ events: _e, ...b }) => b)).toEqual(replayed.breakdown.map(({ events: _e, ...b }) => b));
        // And both match the definition.
        const ref = reference(rules, stream, now);
        expect(close(replayed.engagement, ref.engagement), `${replayed.engagement} vs ${ref.engagement}`).toBe(true);
        for (const b of replayed.breakdown) {
          const r = ref.perRule[b.ruleId]!;
          expect(b.pointsRaw).toBe(r.raw);
          expect(close(b.pointsRaw - b.cappedBy, r.awarded)).toBe(true);
          expect(close(b.pointsDecayed, r.decayed)).toBe(true);
          expect(close(b.events.reduce((s, e) => s + e.decayed, 0), r.decayed)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('replays only when an event arrives from the past', () => {
    const rules = rulesFrom();
    const a: ScoringEvent = { seq: 1, type: 'pageview', ts: T0 + 10, name: null, path: '/', pageClass: null, props: {} };
    const b: ScoringEvent = { ...a, seq: 2, ts: T0 + 20 };
    const late: ScoringEvent = { ...a, seq: 3, ts: T0 };
    const first = extendEngagement(rules, initialEngagement(), [a, b], () => [a, b]);
    expect(first.replayed).toBe(false);
    expect(extendEngagement(rules, first.state, [late], () => [a, b, late]).replayed).toBe(true);
  });
});
