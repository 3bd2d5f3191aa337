import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../events/domain.js';
import type { Kindling } from '../../kindling.js';
import { alertFixtures, emit, leadSummary, manualTime, sampleReasons, stageChanged, type Receiver } from '../../../test/support/alerts.js';
import { stagesCrossed } from './index.js';
import { count, rows } from '../../../test/support/query.js';

const fixtures = alertFixtures();
let r: Receiver;

async function setup(endpoints: { path: string; events?: string[] }[]) {
  r = await fixtures.receiver();
  const time = manualTime();
  const { kindling } = await fixtures.kindling({
    time,
    webhooks: { endpoints: endpoints.map((e) => ({ url: r.url.replace('/hook', e.path), events: e.events })) },
  });
  return { kindling, time };
}

const outbox = (k: Kindling) =>
  rows<{ endpointId: number; type: string; leadId: number; status: string }>(
    k,
    'SELECT endpoint_id AS "endpointId", type, lead_id AS "leadId", status FROM webhook_messages ORDER BY created_at, lead_id, endpoint_id',
  );

describe('stagesCrossed', () => {
  it('lists the alerting stages entered on the way up', () => {
    expect(stagesCrossed('lead', 'sql')).toEqual(['mql', 'near_sql', 'sql']);
    expect(stagesCrossed('near_sql', 'sql')).toEqual(['sql']);
    expect(stagesCrossed('visitor', 'lead')).toEqual([]);
  });
});

describe('outbox: once per crossing', () => {
  it('re-alerts after the lead fell back and crossed again (up, down, up → two messages)', async () => {
    const { kindling, time } = await setup([{ path: '/a' }]);
    await emit(kindling, stageChanged(1, 'near_sql', 'sql', time.clock()));
    time.advance(3_600_000);
    await emit(kindling, stageChanged(1, 'sql', 'near_sql', time.clock()));
    time.advance(3_600_000);
    await emit(kindling, stageChanged(1, 'near_sql', 'sql', time.clock()));
    await kindling.alerts.sender.settled();
    expect((await outbox(kindling)).map((m) => [m.type, m.status])).toEqual([
      ['lead.entered_sql', 'delivered'],
      ['lead.entered_sql', 'delivered'],
    ]);
    expect(r.countById().size).toBe(2);
  });

  it('does not alert twice for the same crossing reported twice, nor for a fall that stays above the stage', async () => {
    const { kindling, time } = await setup([{ path: '/a', events: ['lead.entered_mql', 'lead.entered_sql'] }]);
    await emit(kindling, stageChanged(1, 'near_sql', 'sql', time.clock()));
    await emit(kindling, stageChanged(1, 'near_sql', 'sql', time.clock())); // e.g. a rescore reporting it again
    await emit(kindling, stageChanged(1, 'sql', 'near_sql', time.clock())); // fell below SQL, still above MQL
    await emit(kindling, stageChanged(1, 'near_sql', 'sql', time.clock())); // SQL again: alerts
    await emit(kindling, stageChanged(2, 'lead', 'mql', time.clock()));
    time.advance(1);
    await emit(kindling, stageChanged(2, 'mql', 'near_sql', time.clock())); // not subscribed
    await emit(kindling, stageChanged(2, 'near_sql', 'mql', time.clock())); // still MQL: no re-arm of MQL
    await emit(kindling, stageChanged(2, 'mql', 'near_sql', time.clock()));
    expect((await outbox(kindling)).map((m) => [m.leadId, m.type])).toEqual([
      [1, 'lead.entered_sql'],
      [1, 'lead.entered_sql'],
      [2, 'lead.entered_mql'],
    ]);
  });

  it('sends one message per endpoint per crossing: the highest stage each endpoint subscribes to', async () => {
    const { kindling, time } = await setup([
      { path: '/sales' }, // default: entered SQL
      { path: '/marketing', events: ['lead.entered_mql', 'lead.entered_near_sql'] },
      { path: '/both', events: ['lead.entered_mql', 'lead.entered_sql'] },
    ]);
    await emit(kindling, stageChanged(1, 'lead', 'sql', time.clock())); // jumps three stages in one change
    await emit(kindling, stageChanged(2, 'lead', 'mql', time.clock()));
    expect((await outbox(kindling)).map((m) => [m.leadId, m.endpointId, m.type])).toEqual([
      [1, 1, 'lead.entered_sql'],
      [1, 2, 'lead.entered_near_sql'],
      [1, 3, 'lead.entered_sql'],
      [2, 2, 'lead.entered_mql'],
      [2, 3, 'lead.entered_mql'],
    ]);
    await kindling.alerts.sender.settled();
    expect(r.received.map((q) => [q.path, JSON.parse(q.body).type]).sort()).toEqual([
      ['/both', 'lead.entered_mql'],
      ['/both', 'lead.entered_sql'],
      ['/marketing', 'lead.entered_mql'],
      ['/marketing', 'lead.entered_near_sql'],
      ['/sales', 'lead.entered_sql'],
    ]);
  });

  it('coalesces several crossings inside one commit into one message per endpoint: the last it subscribes to', async () => {
    const { kindling, time } = await setup([
      { path: '/all', events: ['lead.entered_mql', 'lead.entered_near_sql', 'lead.entered_sql'] },
      { path: '/mql', events: ['lead.entered_mql'] },
    ]);
    // One batch in which the lead identifies (MQL), gives BANT answers (near-SQL) and requests a demo (SQL).
    await emit(
      kindling,
      stageChanged(1, 'lead', 'mql', time.clock()),
      stageChanged(1, 'mql', 'near_sql', time.clock()),
      stageChanged(1, 'near_sql', 'sql', time.clock()),
    );
    expect((await outbox(kindling)).map((m) => [m.endpointId, m.type])).toEqual([
      [1, 'lead.entered_sql'],
      [2, 'lead.entered_mql'],
    ]);
    await kindling.alerts.sender.settled();
    expect(r.received).toHaveLength(2);
    // In separate commits they are separate crossings, each alerting.
    await emit(kindling, stageChanged(2, 'lead', 'mql', time.clock()));
    time.advance(1);
    await emit(kindling, stageChanged(2, 'mql', 'near_sql', time.clock()));
    expect((await outbox(kindling)).filter((m) => m.leadId === 2).map((m) => [m.endpointId, m.type])).toEqual([
      [1, 'lead.entered_mql'],
      [2, 'lead.entered_mql'],
      [1, 'lead.entered_near_sql'],
    ]);
  });

  it('latches but does not alert crossings caused by a rescore, unless configured to', async () => {
    const { kindling, time } = await setup([{ path: '/a' }]);
    const rescored = { ...stageChanged(1, 'near_sql', 'sql', time.clock()), cause: 'rescore' } as DomainEvent;
    await emit(kindling, rescored);
    await emit(kindling, stageChanged(1, 'near_sql', 'sql', time.clock())); // the same crossing, seen again
    expect(await outbox(kindling)).toEqual([]);
    await kindling.close();
    const again = (await fixtures.kindling({ time, webhooks: { alertOnRescore: true, endpoints: [{ url: r.url }] } })).kindling;
    await emit(again, { ...stageChanged(2, 'near_sql', 'sql', time.clock()), cause: 'rescore' } as DomainEvent);
    expect((await outbox(again)).map((m) => [m.leadId, m.type])).toEqual([[2, 'lead.entered_sql']]);
  });

  it('sends disposition changes to endpoints that ask for them', async () => {
    const { kindling, time } = await setup([{ path: '/sales' }, { path: '/crm', events: ['lead.disposition_changed'] }]);
    const lead = leadSummary(4, 'sql', { disposition: 'won' });
    const won: DomainEvent = {
      type: 'lead.disposition_changed',
      at: time.clock(),
      leadId: 4,
      from: 'accepted',
      to: 'won',
      lead,
      reasons: sampleReasons,
    };
    await emit(kindling, won);
    await kindling.alerts.sender.settled();
    expect(await outbox(kindling)).toEqual([{ endpointId: 2, type: 'lead.disposition_changed', leadId: 4, status: 'delivered' }]);
    expect(JSON.parse(r.received[0]!.body)).toMatchObject({
      change: { kind: 'disposition', from: 'accepted', to: 'won' },
      lead: { disposition: 'won' },
    });
  });

  it('ignores downward changes and other events, and erasure removes a lead’s alerts', async () => {
    const { kindling, time } = await setup([{ path: '/a', events: ['lead.entered_mql', 'lead.entered_sql'] }]);
    r.reply = () => ({ status: 503 });
    await emit(kindling, stageChanged(1, 'sql', 'lead', time.clock()), { type: 'lead.updated', at: time.clock(), leadId: 1 });
    expect(await outbox(kindling)).toEqual([]);
    await emit(kindling, stageChanged(1, 'lead', 'sql', time.clock()), stageChanged(2, 'lead', 'sql', time.clock()));
    await kindling.alerts.sender.settled();
    expect((await outbox(kindling)).map((m) => [m.leadId, m.status])).toEqual([
      [1, 'pending'],
      [2, 'pending'],
    ]);
    await emit(kindling, { type: 'lead.erased', at: time.clock(), leadId: 1 });
    expect((await outbox(kindling)).map((m) => m.leadId)).toEqual([2]);
    expect(await count(kindling, 'webhook_attempts')).toBe(1);
    // An erased lead id that comes back (a new person) alerts from scratch.
    time.advance(1);
    await emit(kindling, stageChanged(1, 'near_sql', 'sql', time.clock()));
    expect((await outbox(kindling)).map((m) => m.leadId)).toEqual([2, 1]);
  });
});
