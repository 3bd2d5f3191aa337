import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CHECKPOINT_LAG, CHECKPOINT_STEP, extendEngagement, foldAll, foldSorted, memoryLoader, newEngagement } from './incremental.js';
import { compareEvents, decayFactor, foldMatchedEvent, type EngagementState } from './engagement.js';
import { score, summarize, totalAndRules } from './score.js';
import { DAY_MS, type CompiledRules, type ScoringEvent } from '../rules/compile.js';
import { rulesFrom } from '../../../test/support/engine.js';

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
    // Past 2 × CHECKPOINT_STEP events often, so late events land before and after the checkpoint.
    { minLength: 1, maxLength: 90, size: 'max' },
  )
  // Log positions mostly rise with arrival, but a link attributes a browser's earlier (lower-seq) events late.
  .chain((items) =>
    fc.tuple(
      fc.constant(items),
      fc.oneof(
        fc.constant(null),
        fc.uniqueArray(fc.integer({ min: 1, max: 100_000 }), { minLength: items.length, maxLength: items.length }),
      ),
    ),
  )
  .map(([items, seqs]) => {
    let ts = T0;
    return items.map((it, i): ScoringEvent => {
      ts = Math.max(T0, ts + it.dtHours * 3_600_000);
      return {
        seq: seqs ? seqs[i]! : i + 1,
        type: it.type,
        ts,
        name: null,
        path: it.pageClass ? `/${it.pageClass}` : '/',
        pageClass: it.pageClass,
        props: {},
      };
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

/** A page view as the scoring engine sees it. */
function pageview(seq: number, ts: number, path: string, pageClass: ScoringEvent['pageClass']): ScoringEvent {
  return { seq, type: 'pageview', ts, name: null, path, pageClass, props: {} };
}

describe('incremental scoring equals a full replay', () => {
  it('for random rules, caps, negative points, decay and arrival orders split into random batches', () => {
    fc.assert(
      fc.property(
        rulesArb,
        streamArb,
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 200 }),
        (rules, stream, cuts, laterDays) => {
          // Ingest: batches in arrival order; the state goes through JSON between batches, as in the database.
          let state: EngagementState = newEngagement();
          let seen: ScoringEvent[] = [];
          let i = 0;
          for (let c = 0; i < stream.length; c++) {
            const batch = stream.slice(i, i + (cuts[c % cuts.length] ?? 1));
            i += batch.length;
            seen = [...seen, ...batch];
            const stored = JSON.parse(JSON.stringify(state)) as EngagementState;
            state = extendEngagement(
              rules,
              stored,
              batch,
              memoryLoader(() => seen),
            ).state;
          }
          const now = Math.max(...stream.map((e) => e.ts)) + laterDays * DAY_MS;
          const incremental = summarize(rules, state, {}, now);
          const replayed = score(rules, stream, {}, now);
          // The whole state, checkpoint included, is the full fold's whatever the arrival order.
          expect(state).toEqual(foldAll(rules, stream));
          // Same fold, same order: bit-identical.
          expect(incremental.engagement).toBe(replayed.engagement);
          // The backtest's shortcut: summarize's total and its rules with points, to the bit.
          expect(totalAndRules(rules, state, {}, now)).toEqual({
            total: incremental.total,
            ruleIds: incremental.breakdown.filter((b) => b.pointsRaw !== 0).map((b) => b.ruleId),
          });
          expect(incremental.breakdown.map(({ events: _e, ...b }) => b)).toEqual(replayed.breakdown.map(({ events: _e, ...b }) => b));
          // And both match the definition.
          const ref = reference(rules, stream, now);
          expect(close(replayed.engagement, ref.engagement), `${replayed.engagement} vs ${ref.engagement}`).toBe(true);
          for (const b of replayed.breakdown) {
            const r = ref.perRule[b.ruleId]!;
            expect(b.pointsRaw).toBe(r.raw);
            expect(close(b.pointsRaw - b.cappedBy, r.awarded)).toBe(true);
            expect(close(b.pointsDecayed, r.decayed)).toBe(true);
            expect(
              close(
                b.events.reduce((s, e) => s + e.decayed, 0),
                r.decayed,
              ),
            ).toBe(true);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('re-folds a late event from the checkpoint, at a cost independent of the history length', () => {
    const rules = rulesFrom();
    const view = (seq: number, ts: number) => pageview(seq, ts, '/pricing', 'pricing');
    for (const length of [100, 1000]) {
      const history = Array.from({ length }, (_, i) => view(i + 1, T0 + i * 1000));
      const seen = [...history];
      const load = memoryLoader(() => seen);
      let state = newEngagement();
      for (const e of history) {
        const step = extendEngagement(rules, state, [e], load);
        expect(step.refolded).toBe(0);
        state = step.state;
      }
      // Overtaken by 3 events (0–3 s of jitter): only the checkpoint's tail is folded again.
      const late = view(length + 1, T0 + (length - 3) * 1000 - 500);
      seen.push(late);
      const lateStep = extendEngagement(rules, state, [late], load);
      expect(lateStep.refolded).toBeGreaterThan(0);
      expect(lateStep.refolded).toBeLessThanOrEqual(CHECKPOINT_LAG + CHECKPOINT_STEP);
      expect(lateStep.state).toEqual(foldAll(rules, seen));
      // Older than the checkpoint: the lead is replayed.
      const ancient = view(length + 2, T0 - 1000);
      seen.push(ancient);
      expect(extendEngagement(rules, lateStep.state, [ancient], load).refolded).toBe(seen.length);
    }
  });
});

describe('the last folded (ts, seq)', () => {
  it('is updated in place per event, yet each checkpoint keeps the pair it was taken at', () => {
    const rules = rulesFrom();
    const view = (seq: number, ts: number) => pageview(seq, ts, '/', null);
    const history = Array.from({ length: 3 * CHECKPOINT_STEP + CHECKPOINT_LAG }, (_, i) => view(i + 1, T0 + i * 1000));
    const load = memoryLoader(() => history);
    let state = newEngagement();
    const pairs = new Set<unknown>();
    for (const e of history) {
      state = extendEngagement(rules, state, [e], load).state;
      pairs.add(state.last);
      expect(state.last).toEqual([e.ts, e.seq]);
      const cp = state.checkpoint!;
      if (cp.state) expect(cp.state.last).toEqual([history[cp.at - 1]!.ts, history[cp.at - 1]!.seq]);
    }
    expect(pairs.size).toBe(1);
    expect(state.checkpoint!.at).toBeGreaterThan(0);
    expect(state).toEqual(foldAll(rules, history));
  });
});

describe('the rescore’s final fold', () => {
  it('folds the same state, to the bit, from matched rules and growth factors known against the right epoch only', () => {
    fc.assert(
      fc.property(rulesArb, streamArb, fc.array(fc.boolean(), { minLength: 1 }), (rules, stream, rightEpoch) => {
        const sorted = [...stream].sort(compareEvents);
        const matched = sorted.map((e) => rules.engagement.flatMap((r, i) => (r.matches(e) ? [i] : [])));
        const epoch = sorted[0]!.ts;
        const fast = foldSorted(rules, sorted, (state, i) => {
          // A factor computed against another epoch (as after a late event moved it) must not be used.
          const right = rightEpoch[i % rightEpoch.length]!;
          const knownEpoch = right ? epoch : epoch - DAY_MS;
          const growth = right ? decayFactor(rules.halfLifeMs, sorted[i]!.ts, epoch) : 1e6;
          foldMatchedEvent(rules, state, sorted[i]!, matched[i]!, 0, matched[i]!.length, knownEpoch, growth);
        });
        expect(JSON.stringify(fast)).toBe(JSON.stringify(foldSorted(rules, sorted)));
      }),
      { numRuns: 300 },
    );
  });
});
