import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { openDatabase } from '../../collector/db/index.js';
import type { scoringSchema } from '../../collector/engine/config.js';
import { engineHarness, type Harness } from './engine.js';
import { events, newEvent } from './engine.js';
import type { NewEvent } from '../../collector/events/types.js';
import type { Action } from '../../collector/engine/stages/machine.js';

/**
 * A small history whose backtest can be worked out by hand (backtest.test.ts does). Half-life of
 * ten years, so ten days of decay move nothing across a threshold. BANT: only `budget` is ever
 * answered, and one criterion is what SQL needs (minBant 1).
 *
 *   current:  pricing +30 · demo form +50 (high intent) · careers +20 · budget fit +10; SQL by intent
 *   proposed: pricing +15 · demo form +60 (NOT high intent) · careers −40 · webinar +40 · budget fit +10;
 *             SQL by engagement ≥ 100
 */
export const DAY = 86_400_000;
/** Thursday 2025-03-06 10:00 UTC (ISO week 10): day 1 Fri and day 3 Sun are week 10, day 5 Tue week 11. */
export const T0 = Date.UTC(2025, 2, 6, 10);
export const NOW = T0 + 10 * DAY;

const bant = {
  budget: [{ trait: 'budget', equals: ['yes'] }],
  authority: [{ trait: 'authority', equals: ['yes'] }],
  need: [{ trait: 'need', equals: ['yes'] }],
  timeline: [{ trait: 'timeline', equals: ['yes'] }],
};
const stages = (sqlEngagement: number) => ({
  hysteresis: 0.2,
  mql: { score: 50, minEngagement: 20 },
  sql: { minBant: 1, intentWindowDays: 30, engagement: sqlEngagement },
  nearSql: { maxMissingBant: 1 },
});
const fitRules = [{ id: 'budget-fit', label: 'Budget', match: { bant: 'budget' as const }, points: 10, text: 'budget confirmed' }];
const pricing = (points: number) => ({
  id: 'pricing',
  label: 'Pricing',
  match: { types: ['pageview' as const], pageClasses: ['pricing'] },
  points,
  text: 'visited pricing',
});
const careers = (points: number) => ({
  id: 'careers',
  label: 'Careers',
  match: { types: ['pageview' as const], pageClasses: ['careers'] },
  points,
  text: 'visited careers',
});

export const CURRENT: z.input<typeof scoringSchema> = {
  halfLifeDays: 3650,
  engagementRules: [
    pricing(30),
    {
      id: 'demo',
      label: 'Demo',
      match: { types: ['form'], form: { ids: ['demo'] } },
      points: 50,
      highIntent: true,
      text: 'requested a demo',
    },
    careers(20),
  ],
  fitRules,
  bant,
  stages: stages(120),
};

export const PROPOSED: z.input<typeof scoringSchema> = {
  halfLifeDays: 3650,
  engagementRules: [
    pricing(15),
    { id: 'demo', label: 'Demo', match: { types: ['form'], form: { ids: ['demo'] } }, points: 60, text: 'requested a demo' },
    careers(-40),
    {
      id: 'webinar',
      label: 'Webinar',
      match: { types: ['track'], eventNames: ['webinar_signup'] },
      points: 40,
      text: 'signed up for a webinar',
    },
  ],
  fitRules,
  bant,
  stages: stages(100),
};

type Step = 'pricing' | 'demo' | 'careers' | 'webinar';
const STEP: Record<Step, (v: string, ts: number) => NewEvent> = {
  pricing: (v, ts) => events.view(v, ts, '/pricing', 'pricing'),
  careers: (v, ts) => events.view(v, ts, '/careers', 'careers'),
  demo: (v, ts) => events.form(v, ts, { id: 'demo', fields: {} }),
  webinar: (v, ts) => newEvent({ visitorId: v, type: 'track', name: 'webinar_signup', ts }),
};

/** Six people: identify on day 0 (with or without a budget), then steps on days 1, 2, …; sales acts on day 6. */
export const PEOPLE: { email: string; budget: boolean; steps: Step[]; actions: Action[] }[] = [
  { email: 'l1@acme.io', budget: true, steps: ['pricing', 'pricing', 'demo'], actions: ['accepted', 'won'] },
  { email: 'l2@beta.io', budget: false, steps: ['pricing', 'pricing', 'careers'], actions: ['rejected'] },
  { email: 'l3@gamma.io', budget: true, steps: ['demo', 'careers'], actions: ['lost'] },
  { email: 'l4@delta.io', budget: true, steps: ['webinar', 'pricing', 'pricing', 'pricing', 'demo'], actions: ['accepted'] },
  { email: 'l5@eps.io', budget: false, steps: ['demo'], actions: [] },
  { email: 'l6@zeta.io', budget: true, steps: ['webinar', 'webinar', 'webinar', 'pricing'], actions: ['won'] },
];

/** The history in a database file run by the live engine under the current rules. */
export async function buildFixture(): Promise<{ h: Harness; dbPath: string; ids: Map<string, number>; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-'));
  const dbPath = join(dir, 'kindling.db');
  const db = openDatabase(dbPath);
  const h = await engineHarness(CURRENT, { db, now: T0 });
  for (const [i, p] of PEOPLE.entries()) {
    const visitor = `v${i + 1}`;
    h.clock.now = T0;
    await h.writer.write([events.identify(visitor, T0, p.email, p.budget ? { budget: 'yes' } : {})]);
    for (const [day, step] of p.steps.entries()) {
      h.clock.now = T0 + (day + 1) * DAY;
      await h.writer.write([STEP[step](visitor, h.clock.now)]);
    }
  }
  const ids = new Map((db.prepare('SELECT id, email FROM leads').all() as { id: number; email: string }[]).map((r) => [r.email, r.id]));
  h.clock.now = T0 + 6 * DAY;
  for (const p of PEOPLE) for (const action of p.actions) await h.engine.setDisposition(ids.get(p.email)!, action, null);
  h.clock.now = NOW;
  await h.engine.sweep();
  return {
    h,
    dbPath,
    ids,
    async cleanup() {
      await h.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
