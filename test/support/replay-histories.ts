import { expect } from 'vitest';
import fc from 'fast-check';
import type { z } from 'zod';
import type { scoringSchema } from '../../collector/engine/config.js';
import type { NewEvent } from '../../collector/events/types.js';
import { DAY_MS } from '../../collector/engine/rules/compile.js';
import { engagementFromRank } from '../../collector/engine/projection/rank.js';
import type { RescoreOptions } from '../../collector/engine/rescore/index.js';
import { engineHarness, events, type Harness, type HarnessOptions } from './engine.js';
import { one, rows, type QueryTarget } from './query.js';

/**
 * Random histories for the engine's central promise (collector/engine/rescore/*.property.test.ts):
 * commands a history is made of, two rule sets, running a history through a harness, and the
 * snapshot of what must be equal. Reads go through the store-neutral query helper, so the
 * properties hold on SQLite and on PostgreSQL.
 */
export const T0 = Date.UTC(2025, 0, 1);
const VISITORS = ['v1', 'v2', 'v3', 'v4'];
const EMAILS = ['ann@acme.io', 'bob@acme.io', 'cat@gmail.com'];

export type Command =
  | { kind: 'view'; visitor: string; page: [string, string | null]; lateDays: number }
  /** Views sent together whose timestamps are shuffled by up to 5 s (retry queues, clock jitter): late events by the dozen. */
  | { kind: 'burst'; visitor: string; lateMs: number[] }
  | { kind: 'identify'; visitor: string; email: string; traits: Record<string, string> }
  | { kind: 'demo'; visitor: string; email: string | null }
  | { kind: 'wait'; ms: number }
  | { kind: 'flush' }
  | { kind: 'sweep' }
  | { kind: 'action'; email: string; action: 'accepted' | 'rejected' | 'won' | 'lost' | 'reopen' };

export const commandArb = (withReopen: boolean): fc.Arbitrary<Command> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('view' as const),
        visitor: fc.constantFrom(...VISITORS),
        page: fc.constantFrom<[string, string | null]>(['/pricing', 'pricing'], ['/careers', 'careers'], ['/docs', 'docs'], ['/', null]),
        lateDays: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 20 }) }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('burst' as const),
        visitor: fc.constantFrom(...VISITORS),
        lateMs: fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 2, maxLength: 40 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('identify' as const),
        visitor: fc.constantFrom(...VISITORS),
        email: fc.constantFrom(...EMAILS),
        traits: fc.dictionary(
          fc.constantFrom('budget', 'timeline', 'title', 'need'),
          fc.constantFrom('yes', 'now', 'VP Sales', 'no', 'Student'),
          { maxKeys: 2 },
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('demo' as const),
        visitor: fc.constantFrom(...VISITORS),
        email: fc.option(fc.constantFrom(...EMAILS), { nil: null }),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('wait' as const),
        ms: fc.oneof(fc.integer({ min: 1, max: 3_600_000 }), fc.integer({ min: 1, max: 40 * DAY_MS })),
      }),
    },
    { weight: 2, arbitrary: fc.constant({ kind: 'flush' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'sweep' as const }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('action' as const),
        email: fc.constantFrom(...EMAILS),
        action: withReopen
          ? fc.constantFrom('accepted' as const, 'rejected' as const, 'won' as const, 'lost' as const, 'reopen' as const)
          : fc.constantFrom('accepted' as const, 'rejected' as const, 'won' as const, 'lost' as const),
      }),
    },
  );

/** Low thresholds and small caps so short random histories cross stages often. */
export const RULES_A: z.input<typeof scoringSchema> = {
  halfLifeDays: 10,
  stages: {
    hysteresis: 0.25,
    mql: { score: 20, minEngagement: 8 },
    sql: { minBant: 1, intentWindowDays: 5, engagement: 45 },
    nearSql: { maxMissingBant: 1 },
  },
};
export const RULES_B: z.input<typeof scoringSchema> = {
  halfLifeDays: 4,
  engagementRules: [
    { id: 'view', label: 'View', match: { types: ['pageview'] }, points: 6, cap: { points: 18, days: 3 }, text: 'viewed' },
    { id: 'careers', label: 'Careers', match: { pageClasses: ['careers'] }, points: -9, cap: { points: 12, days: 10 }, text: 'careers' },
    { id: 'demo', label: 'Demo', match: { types: ['form'], form: { ids: ['demo'] } }, points: 25, highIntent: true, text: 'demo' },
  ],
  stages: {
    hysteresis: 0.1,
    mql: { score: 15, minEngagement: 6 },
    sql: { minBant: 2, intentWindowDays: 3, engagement: 30 },
    nearSql: { maxMissingBant: 1 },
  },
};

export async function run(h: Harness, commands: readonly Command[]): Promise<void> {
  let pending: NewEvent[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    if (batch.length) await h.writer.write(batch);
  };
  for (const c of commands) {
    const now = h.clock.now;
    if (c.kind === 'view') pending.push(events.view(c.visitor, now - c.lateDays * DAY_MS, c.page[0], c.page[1], { receivedAt: now }));
    else if (c.kind === 'burst') {
      const pages: [string, string | null][] = [
        ['/pricing', 'pricing'],
        ['/docs', 'docs'],
        ['/careers', 'careers'],
      ];
      c.lateMs.forEach((late, i) => pending.push(events.view(c.visitor, now - late, ...pages[i % pages.length]!, { receivedAt: now })));
    } else if (c.kind === 'identify') pending.push(events.identify(c.visitor, now, c.email, c.traits, { receivedAt: now }));
    else if (c.kind === 'demo')
      pending.push(events.form(c.visitor, now, { id: 'demo', fields: {} }, c.email ?? undefined, { receivedAt: now }));
    else if (c.kind === 'wait') {
      await flush();
      h.clock.now += c.ms;
    } else if (c.kind === 'flush') await flush();
    else if (c.kind === 'sweep') {
      await flush();
      await h.engine.sweep();
    } else {
      await flush();
      const lead = await one<{ id: number }>(h, 'SELECT id FROM leads WHERE email = ?', [c.email]);
      if (lead) await h.engine.setDisposition(lead.id, c.action, null).catch((err: { status?: number }) => expect(err.status).toBe(409));
    }
  }
  await flush();
  await h.engine.sweep();
}

/**
 * What must be equal: each lead's model, row and history. Rank keys depend on the ranking epoch
 * (which a rescore moves), so they are compared as the engagement they stand for at `now`.
 */
export async function snapshot(target: QueryTarget, halfLifeDays: number, now: number) {
  const epoch = Number((await one<{ value: string }>(target, "SELECT value FROM settings WHERE key = 'engine.rank_epoch_ms'"))?.value ?? 0);
  const asEngagement = (rank: unknown) =>
    typeof rank === 'number' ? Number(engagementFromRank(rank, epoch, halfLifeDays * DAY_MS, now).toPrecision(9)) : rank;
  const leads = await rows(target, 'SELECT * FROM leads ORDER BY id');
  return Promise.all(
    leads.map(async ({ rank_key, top_engagement_rank, ...row }) => ({
      row: { ...row, rank_key: asEngagement(rank_key), top_engagement_rank: asEngagement(top_engagement_rank) },
      model: JSON.parse((await one<{ model: string }>(target, 'SELECT model FROM lead_state WHERE lead_id = ?', [row.id]))!.model),
      history: await rows(target, 'SELECT at, kind, from_value, to_value, cause, score FROM lead_history WHERE lead_id = ? ORDER BY id', [
        row.id,
      ]),
      traits: await rows(target, 'SELECT key, value, set_at, evidence_seq FROM lead_traits WHERE lead_id = ? ORDER BY key', [row.id]),
    })),
  );
}

/**
 * Runs `commands` under RULES_A, rescores that store under RULES_B, and expects the state RULES_B
 * builds all along. `changed` names the store to change (a SQLite file for the worker); default
 * the run's choice. `options` go to the rescore (workers, chunk and slice sizes).
 */
export async function rescoreEqualsAlways(commands: Command[], changed: Pick<HarnessOptions, 'db'> = {}, options: RescoreOptions = {}) {
  const before = await engineHarness(RULES_A, { now: T0, ...changed });
  const always = await engineHarness(RULES_B, { now: T0 });
  try {
    await run(before, commands);
    await before.writer.close();
    await run(always, commands);
    const after = await engineHarness(RULES_B, { now: before.clock.now, store: before.store });
    const result = await after.engine.rescore(options);
    await after.close();
    expect(await snapshot(before, 4, always.clock.now)).toEqual(await snapshot(always, 4, always.clock.now));
    return result;
  } finally {
    await always.close();
    await before.close();
  }
}

/** Histories of 5 to `max` commands. */
export const histories = (withReopen: boolean, max = 45) => fc.array(commandArb(withReopen), { minLength: 5, maxLength: max });
