import { afterEach, describe, expect, it } from 'vitest';
import { sqlBatch } from '../bench/alert-latency.js';
import { ALERT_EVENT_NAMES } from '../collector/alerts/events.js';
import { verify } from '../collector/alerts/signature/index.js';
import { ALERT_EVENTS } from '../dashboard/src/types.js';
import { startReceiver, type Receiver } from './support/alerts.js';
import { postEvents, startTestKindling } from './support/kindling.js';
import { rows, value } from './support/query.js';

/**
 * Webhooks for every move, end to end: real events on POST /e through the writer and the engine,
 * the engine's own sweep for decay, the admin API for a rejection, and a real receiver with one
 * path per subscription.
 */
const DAY = 24 * 3600_000;
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SUBSCRIPTIONS = {
  created: ['lead.created'],
  fell: ['lead.fell_back'],
  nurture: ['lead.returned_to_nurture'],
  both: ['lead.fell_back', 'lead.returned_to_nurture'],
} as const;

describe('webhooks for every move of a lead', () => {
  let receiver: Receiver;
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    await receiver?.close();
  });

  async function start(now: { at: number }) {
    receiver = await startReceiver();
    const endpoints = Object.entries(SUBSCRIPTIONS).map(([path, events]) => ({
      url: receiver.url.replace('/hook', `/${path}`),
      secret: SECRET,
      events,
    }));
    const kindling = await startTestKindling(
      { webhooks: { allowPrivateTargets: 'loopback', endpoints } as never },
      { clock: () => now.at },
    );
    cleanup = kindling.cleanup;
    /** What each path received since the last call: [path, type, from, to, cause], signatures verified. */
    let seen = 0;
    const arrived = async () => {
      await kindling.alerts.sender.settled();
      const fresh = receiver.received.slice(seen);
      seen = receiver.received.length;
      return fresh
        .map((r) => {
          verify(SECRET, r.headers as Record<string, string>, r.body, { nowMs: now.at });
          const p = JSON.parse(r.body);
          return [r.path.slice(1), p.type, p.change.from, p.change.to, p.change.cause];
        })
        .sort();
    };
    return { kindling, arrived };
  }

  it('sends lead.created once, then lead.fell_back with from, to and why, and lead.returned_to_nurture on the fall to nurture', async () => {
    const now = { at: Date.UTC(2025, 4, 5, 9) };
    const { kindling, arrived } = await start(now);
    expect((await postEvents(kindling, sqlBatch(1, 'http://localhost:3000', now.at))).status).toBe(202);
    expect(await arrived()).toEqual([['created', 'lead.created', 'visitor', 'lead', 'identified']]);
    const payload = JSON.parse(receiver.received[0]!.body);
    expect(payload.lead).toMatchObject({ email: 'buyer1@bench-corp1.example', stage: 'sql' });

    // The 14-day intent window closes: SQL → near-SQL, a fall but still qualified (no nurture).
    now.at += 15 * DAY;
    await kindling.engine.sweep();
    expect(await arrived()).toEqual([
      ['both', 'lead.fell_back', 'sql', 'near_sql', 'intent window expired'],
      ['fell', 'lead.fell_back', 'sql', 'near_sql', 'intent window expired'],
    ]);

    // Two more months of silence: engagement decays below MQL, back to nurture. Endpoints asking
    // for both get the more specific one, once; the fall is one message from the first stage to the last.
    now.at += 60 * DAY;
    await kindling.engine.sweep();
    const history = await rows(
      kindling,
      "SELECT from_value AS f, to_value AS t FROM lead_history WHERE kind = 'stage' AND cause = 'engagement decayed'",
    );
    expect(history.length).toBeGreaterThanOrEqual(1);
    expect(await arrived()).toEqual([
      ['both', 'lead.returned_to_nurture', 'near_sql', 'lead', 'engagement decayed'],
      ['fell', 'lead.fell_back', 'near_sql', 'lead', 'engagement decayed'],
      ['nurture', 'lead.returned_to_nurture', 'near_sql', 'lead', 'engagement decayed'],
    ]);
    // Nothing more happens with no more time passing.
    await kindling.engine.sweep();
    expect(await arrived()).toEqual([]);
  });

  it('a sales rejection hands the lead back to nurture, whatever stage it falls to', async () => {
    const now = { at: Date.UTC(2025, 4, 5, 9) };
    const { kindling, arrived } = await start(now);
    await postEvents(kindling, sqlBatch(2, 'http://localhost:3000', now.at));
    await arrived();
    const leadId = await value<number>(kindling, 'SELECT id FROM leads');
    now.at += 3600_000;
    const res = await kindling.app.request(`/api/leads/${leadId}/disposition`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kindling.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ disposition: 'rejected' }),
    });
    expect(res.status).toBe(200);
    const stage = (await value<string>(kindling, 'SELECT stage FROM leads'))!;
    expect(stage).not.toBe('sql');
    expect(await arrived()).toEqual([
      ['both', 'lead.returned_to_nurture', 'sql', stage, 'rejected by sales'],
      ['fell', 'lead.fell_back', 'sql', stage, 'rejected by sales'],
      ['nurture', 'lead.returned_to_nurture', 'sql', stage, 'rejected by sales'],
    ]);
  });
});

describe('subscribing', () => {
  it('the dashboard offers every event an endpoint can subscribe to', () => {
    expect(ALERT_EVENTS.map((e) => e.type).sort()).toEqual([...ALERT_EVENT_NAMES].sort());
  });
});
