import { afterEach, describe, expect, it } from 'vitest';
import { measureAlertLatency, sqlBatch } from '../bench/alert-latency.js';
import { verify } from '../collector/alerts/signature/index.js';
import { startReceiver, type Receiver } from './support/alerts.js';
import { postEvents, startTestKindling } from './support/kindling.js';
import { count, value } from './support/query.js';

/**
 * End to end: real events through POST /e make a lead SQL (the engine's default rules: a demo
 * request plus two BANT answers), and the signed webhook reaches a local receiver.
 */
describe('alerts end to end', () => {
  let receiver: Receiver | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    await receiver?.close();
  });

  it('an SQL-making batch on POST /e sends one signed lead.entered_sql webhook with its reasons', async () => {
    receiver = await startReceiver();
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const kindling = await startTestKindling({
      webhooks: { allowPrivateTargets: 'loopback', endpoints: [{ url: receiver.url, secret }] } as never,
    });
    cleanup = kindling.cleanup;

    const res = await postEvents(kindling, sqlBatch(1, 'http://localhost:3000'));
    expect(res.status).toBe(202);
    await receiver.waitFor(1);
    const [request] = receiver.received;
    const id = verify(secret, request!.headers as Record<string, string>, request!.body);
    const payload = JSON.parse(request!.body);
    expect(payload).toMatchObject({
      type: 'lead.entered_sql',
      id,
      change: { kind: 'stage', to: 'sql' },
      lead: { email: 'buyer1@bench-corp1.example', name: 'Buyer 1', title: 'VP Engineering', stage: 'sql' },
      link: `${kindling.config.publicUrl}/#/leads/${payload.lead.id}`,
    });
    expect(payload.reasons.map((r: { text: string }) => r.text)).toContain('requested a demo');
    for (const reason of payload.reasons) expect(reason.eventSeqs.length + reason.ruleId.length).toBeGreaterThan(0);

    // The same events again (a retried batch) are duplicates: no second alert.
    await postEvents(kindling, sqlBatch(1, 'http://localhost:3000'));
    await kindling.alerts.sender.settled();
    expect(receiver.received).toHaveLength(1);
  });

  it('re-alerts after the lead fell back with decay and crossed into SQL again', async () => {
    receiver = await startReceiver();
    const time = { now: Date.now() };
    const kindling = await startTestKindling(
      { webhooks: { allowPrivateTargets: 'loopback', endpoints: [{ url: receiver.url }] } as never },
      { clock: () => time.now },
    );
    cleanup = kindling.cleanup;
    const stage = () => value<string>(kindling, 'SELECT stage FROM leads');

    expect((await postEvents(kindling, sqlBatch(1, 'http://localhost:3000', time.now))).status).toBe(202);
    await receiver.waitFor(1);
    expect(await stage()).toBe('sql');

    // Two months of silence: the intent window closes and engagement decays; the sweep moves the lead down.
    time.now += 60 * 24 * 3600_000;
    await kindling.engine.sweep();
    expect(await stage()).not.toBe('sql');
    await kindling.alerts.sender.settled();
    expect(receiver.received).toHaveLength(1);

    expect((await postEvents(kindling, sqlBatch(1, 'http://localhost:3000', time.now))).status).toBe(202);
    await receiver.waitFor(2);
    expect(await stage()).toBe('sql');
    const [first, second] = receiver.received.map((r) => JSON.parse(r.body));
    expect([first.type, second.type]).toEqual(['lead.entered_sql', 'lead.entered_sql']);
    expect(second.lead.id).toBe(first.lead.id);
    expect(second.id).not.toBe(first.id);
  });

  it('sales dispositions alert subscribed endpoints; erasing the lead removes its alerts', async () => {
    receiver = await startReceiver();
    const kindling = await startTestKindling({
      webhooks: {
        allowPrivateTargets: 'loopback',
        endpoints: [{ url: receiver.url, events: ['lead.entered_sql', 'lead.disposition_changed'] }],
      } as never,
    });
    cleanup = kindling.cleanup;
    await postEvents(kindling, sqlBatch(2, 'http://localhost:3000'));
    await receiver.waitFor(1);
    const leadId = JSON.parse(receiver.received[0]!.body).lead.id as number;
    const api = (path: string, body: unknown) =>
      kindling.app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${kindling.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    expect((await api(`/api/leads/${leadId}/disposition`, { disposition: 'accepted' })).status).toBe(200);
    await receiver.waitFor(2);
    expect(JSON.parse(receiver.received[1]!.body)).toMatchObject({
      type: 'lead.disposition_changed',
      change: { kind: 'disposition', from: null, to: 'accepted' },
      lead: { id: leadId, disposition: 'accepted' },
    });

    const messages = () => count(kindling, 'webhook_messages', 'lead_id = ?', [leadId]);
    await kindling.alerts.sender.settled();
    expect(await messages()).toBe(2);
    expect((await api(`/api/leads/${leadId}/erase`, {})).status).toBe(200);
    expect(await messages()).toBe(0);
  });

  it('lists at most webhooks.maxReasons reasons, and never more than scoring.topReasons (as the README says)', async () => {
    const counts: number[] = [];
    for (const [topReasons, maxReasons] of [
      [2, 5],
      [5, 5],
      [5, 4],
    ]) {
      receiver = await startReceiver();
      const kindling = await startTestKindling({
        scoring: { topReasons },
        webhooks: { allowPrivateTargets: 'loopback', maxReasons, endpoints: [{ url: receiver.url }] },
      } as never);
      cleanup = kindling.cleanup;
      await postEvents(kindling, sqlBatch(3, 'http://localhost:3000'));
      await receiver.waitFor(1);
      counts.push(JSON.parse(receiver.received[0]!.body).reasons.length);
      await kindling.cleanup();
      await receiver.close();
      cleanup = undefined;
    }
    expect(counts).toEqual([2, 5, 4]);
  });

  it('measures ack → webhook latency over many leads (reported, not asserted)', async () => {
    const result = await measureAlertLatency({ leads: Number(process.env.ALERT_LATENCY_LEADS ?? 100) });
    console.log(`alert latency (POST /e 202 → webhook at receiver): ${JSON.stringify(result)}`);
    expect(result.n).toBe(Number(process.env.ALERT_LATENCY_LEADS ?? 100));
  });
});
