import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import type { scoringSchema } from '../config.js';
import { openDatabase, type DB } from '../../db/index.js';
import type { NewEvent } from '../../events/types.js';
import { engineHarness, type Harness } from '../../../test/support/engine.js';
import { events } from '../../../test/support/engine.js';
import { DAY_MS } from '../rules/compile.js';
import { engagementFromRank } from '../projection/rank.js';
import { createInputReader } from '../../store/sqlite/rescore-inputs.js';
import { replayLead } from './replay.js';
import { createReplayer } from './fast-replay.js';

/**
 * The engine's central promise, checked on random histories through the real writer: the state
 * ingest builds step by step (incremental scoring, stages, sweeps, sales actions) equals what a
 * full replay of the log builds, and a rescore after a rule change equals having had the new
 * rules all along.
 */
const T0 = Date.UTC(2025, 0, 1);
const VISITORS = ['v1', 'v2', 'v3', 'v4'];
const EMAILS = ['ann@acme.io', 'bob@acme.io', 'cat@gmail.com'];

type Command =
  | { kind: 'view'; visitor: string; page: [string, string | null]; lateDays: number }
  /** Views sent together whose timestamps are shuffled by up to 5 s (retry queues, clock jitter): late events by the dozen. */
  | { kind: 'burst'; visitor: string; lateMs: number[] }
  | { kind: 'identify'; visitor: string; email: string; traits: Record<string, string> }
  | { kind: 'demo'; visitor: string; email: string | null }
  | { kind: 'wait'; ms: number }
  | { kind: 'flush' }
  | { kind: 'sweep' }
  | { kind: 'action'; email: string; action: 'accepted' | 'rejected' | 'won' | 'lost' | 'reopen' };

const commandArb = (withReopen: boolean): fc.Arbitrary<Command> =>
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
const RULES_A: z.input<typeof scoringSchema> = {
  halfLifeDays: 10,
  stages: {
    hysteresis: 0.25,
    mql: { score: 20, minEngagement: 8 },
    sql: { minBant: 1, intentWindowDays: 5, engagement: 45 },
    nearSql: { maxMissingBant: 1 },
  },
};
const RULES_B: z.input<typeof scoringSchema> = {
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

async function run(h: Harness, commands: readonly Command[]): Promise<void> {
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
      const lead = h.db.prepare('SELECT id FROM leads WHERE email = ?').get(c.email) as { id: number } | undefined;
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
function snapshot(db: DB, halfLifeDays: number, now: number) {
  const epoch = Number(
    (db.prepare("SELECT value FROM settings WHERE key = 'engine.rank_epoch_ms'").get() as { value: string } | undefined)?.value ?? 0,
  );
  const asEngagement = (rank: unknown) =>
    typeof rank === 'number' ? Number(engagementFromRank(rank, epoch, halfLifeDays * DAY_MS, now).toPrecision(9)) : rank;
  const leads = db.prepare('SELECT * FROM leads ORDER BY id').all() as Record<string, unknown>[];
  return leads.map(({ rank_key, top_engagement_rank, ...row }) => ({
    row: { ...row, rank_key: asEngagement(rank_key), top_engagement_rank: asEngagement(top_engagement_rank) },
    model: JSON.parse((db.prepare('SELECT model FROM lead_state WHERE lead_id = ?').get(row.id) as { model: string }).model),
    history: db.prepare('SELECT at, kind, from_value, to_value, cause, score FROM lead_history WHERE lead_id = ? ORDER BY id').all(row.id),
    traits: db.prepare('SELECT key, value, set_at, evidence_seq FROM lead_traits WHERE lead_id = ? ORDER BY key').all(row.id),
  }));
}

/** Runs `commands` under RULES_A on `dbChanged`, rescores it under RULES_B, and expects the state RULES_B builds all along. */
async function rescoreEqualsAlways(dbChanged: DB, commands: Command[]) {
  const before = engineHarness(RULES_A, { now: T0, db: dbChanged });
  const always = engineHarness(RULES_B, { now: T0 });
  try {
    await run(before, commands);
    await before.writer.close();
    await run(always, commands);
    const after = engineHarness(RULES_B, { now: before.clock.now, db: dbChanged });
    const result = await after.engine.rescore();
    await after.close();
    expect(snapshot(dbChanged, 4, always.clock.now)).toEqual(snapshot(always.db, 4, always.clock.now));
    return result;
  } finally {
    await always.close();
    dbChanged.close();
  }
}

describe('ingest equals replay', () => {
  it('rescoring under unchanged rules changes nothing, for random histories', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb(true), { minLength: 5, maxLength: 45 }), async (commands) => {
        const h = engineHarness(RULES_A, { now: T0 });
        try {
          await run(h, commands);
          const live = snapshot(h.db, 10, h.clock.now);
          const result = await h.engine.rescore();
          expect(result.stageChanges).toBe(0);
          expect(snapshot(h.db, 10, h.clock.now)).toEqual(live);
        } finally {
          await h.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a rescore after a rule change gives the state the new rules would have built all along', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb(false), { minLength: 5, maxLength: 45 }), async (commands) => {
        await rescoreEqualsAlways(openDatabase(':memory:'), commands);
      }),
      { numRuns: 40 },
    );
  });

  it('a rescore in the worker (database file) after a rule change writes the same rows as the new rules all along', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindling-rescore-worker-'));
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(commandArb(false), { minLength: 5, maxLength: 45 }), async (commands) => {
          const result = await rescoreEqualsAlways(openDatabase(join(dir, `run-${n++}.db`)), commands);
          expect(result.inWorker).toBe(true);
        }),
        { numRuns: 10 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('the fast replay rescore and backtest use equals the step-by-step replay, to the bit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb(true), { minLength: 5, maxLength: 60 }), async (commands) => {
        const h = engineHarness(RULES_B, { now: T0 });
        try {
          await run(h, commands);
          const replayer = createReplayer(h.engine.rules);
          const to = h.clock.now - 5000;
          for (const lead of createInputReader(h.db).chunk(0, 100)) {
            const slow = replayLead(h.engine.rules, lead.row.email, lead.events, lead.actions, to);
            const fast = replayer.replay(lead.row.email, lead.events, lead.actions, to);
            expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
          }
        } finally {
          await h.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
