import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../events/domain.js';
import { events } from '../../../test/support/engine.js';
import { DAY_MS } from '../rules/compile.js';
import type { FleetJob, FleetLocks } from '../../store/port/index.js';
import { batch, eventId, postEvents, startTestKindling, type TestKindling } from '../../../test/support/kindling.js';
import { one, rows, value } from '../../../test/support/query.js';

const T0 = Date.UTC(2025, 5, 1);
let k: TestKindling;
afterEach(() => k?.cleanup());

async function start() {
  const clock = { now: T0 };
  k = await startTestKindling({}, { clock: () => clock.now });
  // Stands in for the alert outbox: an in-transaction handler that keeps upward crossings.
  const outbox: Extract<DomainEvent, { type: 'lead.stage_changed' }>[] = [];
  const committed: DomainEvent[] = [];
  k.writer.on((_ctx, e) => {
    if (e.type === 'lead.stage_changed' && e.direction === 'up') outbox.push(e);
  });
  k.writer.afterCommit((list) => committed.push(...list));
  return { clock, outbox, committed };
}
const stageOf = (email: string) => value<string>(k, 'SELECT stage FROM leads WHERE email = ?', [email]);

describe('decay without events', () => {
  it('the sweep applies falls at their computed time, reports them, and re-arms the alert', async () => {
    const { clock, outbox, committed } = await start();
    const demo = { id: 'demo', fields: { budget: 'yes', timeline: 'this quarter' } };
    await k.writer.write([events.form('v', T0, demo, 'ann@acme.io', { receivedAt: T0 })]);
    expect(await stageOf('ann@acme.io')).toBe('sql');
    expect(outbox.map((e) => `${e.from}>${e.to}`)).toEqual(['visitor>lead', 'lead>sql']);
    expect(outbox[1]).toMatchObject({
      cause: 'requested a demo',
      lead: { email: 'ann@acme.io', stage: 'sql' },
      reasons: [expect.objectContaining({ text: 'requested a demo' }), expect.anything(), expect.anything()],
    });

    // Nothing happens for 20 days but time: the 14-day intent window closes, engagement decays.
    clock.now = T0 + 20 * DAY_MS;
    const swept = await k.engine.sweep();
    expect(swept.transitions).toBeGreaterThan(0);
    expect(await stageOf('ann@acme.io')).not.toBe('sql');
    const fall = committed.find((e) => e.type === 'lead.stage_changed' && e.direction === 'down');
    expect(fall).toMatchObject({ from: 'sql', cause: 'intent window expired', at: T0 + 14 * DAY_MS + 1 });
    expect(await k.engine.sweep()).toEqual({ leads: 0, transitions: 0 });

    // A new demo request crosses up again: exactly one more upward event into SQL.
    await k.writer.write([events.form('v', clock.now, { id: 'demo', fields: {} }, undefined, { receivedAt: clock.now })]);
    expect(await stageOf('ann@acme.io')).toBe('sql');
    expect(outbox.filter((e) => e.to === 'sql')).toHaveLength(2);
    // Activity that crosses nothing reports no stage change.
    const before = outbox.length;
    await k.writer.write([events.view('v', clock.now + 1, '/blog', 'blog', { receivedAt: clock.now + 1 })]);
    expect(outbox).toHaveLength(before);
  });

  it('ranks hot leads by decayed score without rewriting rows as time passes', async () => {
    const { clock } = await start();
    await k.writer.write([events.form('a', T0, { id: 'demo', fields: {} }, 'old@acme.io', { receivedAt: T0 })]);
    clock.now = T0 + 30 * DAY_MS;
    const pricing = () => events.view('b', clock.now, '/pricing', 'pricing', { receivedAt: clock.now });
    await k.writer.write([pricing(), pricing(), pricing(), events.identify('b', clock.now, 'new@beta.io', {}, { receivedAt: clock.now })]);
    const rank = () => rows(k, 'SELECT email, rank_key FROM leads ORDER BY id');
    const keys = await rank();
    const list = async () =>
      (
        (await (await k.app.request('/api/leads', { headers: { authorization: `Bearer ${k.adminToken}` } })).json()) as {
          leads: { email: string; engagement: number }[];
        }
      ).leads;
    expect((await list()).map((l) => [l.email, l.engagement])).toEqual([
      ['new@beta.io', 33],
      ['old@acme.io', 20],
    ]);
    clock.now += 30 * DAY_MS;
    expect((await list()).map((l) => [l.email, l.engagement])).toEqual([
      ['new@beta.io', 16.5],
      ['old@acme.io', 10],
    ]);
    expect(await rank()).toEqual(keys);
  });
});

describe('the timed sweep', () => {
  it('runs once per fleet: it skips a round while another collector holds the sweep, and sweeps when it is free', async () => {
    const { clock } = await start();
    const demo = { id: 'demo', fields: { budget: 'yes', timeline: 'this quarter' } };
    await k.writer.write([events.form('v', T0, demo, 'ann@acme.io', { receivedAt: T0 })]);
    clock.now = T0 + 20 * DAY_MS; // the intent window has closed: the sweep has a fall to apply
    const asked: FleetJob[] = [];
    let heldElsewhere = true;
    const fleet: FleetLocks = {
      async runOnce(job, work) {
        asked.push(job);
        return heldElsewhere ? null : work();
      },
    };
    const stop = k.engine.startSweep(5, fleet);
    try {
      while (asked.length < 3) await new Promise((r) => setTimeout(r, 5));
      expect(await stageOf('ann@acme.io')).toBe('sql');
      heldElsewhere = false;
      while ((await stageOf('ann@acme.io')) === 'sql') await new Promise((r) => setTimeout(r, 5));
      expect(new Set(asked)).toEqual(new Set(['sweep']));
    } finally {
      stop();
    }
  });
});

describe('through POST /e', () => {
  it('a form carrying an email identifies the browser and attributes its history', async () => {
    await start();
    const visit = { i: eventId(), t: 'pageview', ts: T0, u: 'http://localhost:3000/pricing' };
    const form = {
      i: eventId(),
      t: 'form',
      ts: T0 + 1,
      u: 'http://localhost:3000/demo-request',
      f: { id: 'demo', fl: { company: 'Acme' } },
      em: ' Ann@Acme.io ',
    };
    expect((await postEvents(k, batch([visit]))).status).toBe(202);
    expect((await postEvents(k, batch([form]))).status).toBe(202);
    const lead = (await one<{ id: number }>(k, 'SELECT id, email, company, stage FROM leads'))!;
    expect(lead).toMatchObject({ email: 'ann@acme.io', company: 'Acme' });
    expect(await one(k, 'SELECT COUNT(*) AS n FROM events WHERE lead_id = ?', [lead.id])).toEqual({ n: 2 });
    const bad = await postEvents(k, batch([{ i: eventId(), t: 'identify', ts: T0, u: 'http://localhost:3000/', em: 'nope' }]));
    expect(bad.status).toBe(400);
  });
});

describe('rank epoch', () => {
  it('moves forward before keys grow large, without changing any score', async () => {
    const clock = { now: T0 };
    k = await startTestKindling({ scoring: { halfLifeDays: 1 } }, { clock: () => clock.now });
    await k.writer.write([
      events.form('a', T0, { id: 'demo', fields: {} }, 'ann@acme.io'),
      events.view('b', T0, '/pricing', 'pricing'),
      events.identify('b', T0, 'bob@beta.io'),
    ]);
    const epoch = async () => Number(await value<string>(k, "SELECT value FROM settings WHERE key = 'engine.rank_epoch_ms'"));
    const list = async () =>
      (
        (await (await k.app.request('/api/leads', { headers: { authorization: `Bearer ${k.adminToken}` } })).json()) as {
          leads: { email: string; score: number; engagement: number; topReason: string }[];
        }
      ).leads.map((l) => [l.email, l.score, l.engagement, l.topReason]);
    clock.now = T0 + 290 * DAY_MS;
    await k.writer.write([
      events.view('c', clock.now, '/pricing', 'pricing', { receivedAt: clock.now }),
      events.identify('c', clock.now, 'cat@gamma.io', {}, { receivedAt: clock.now }),
    ]);
    clock.now = T0 + 300 * DAY_MS; // 300 half-lives: past the rebase point
    const before = await list();
    expect(before.map((l) => l[3])).toEqual(['company email address', 'company email address', 'company email address']);
    const first = await epoch();
    await k.engine.sweep();
    expect(await epoch()).toBeGreaterThan(first);
    expect(await list()).toEqual(before);
  });
});
