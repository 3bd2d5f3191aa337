import { describe, expect, it, vi } from 'vitest';
import { alertFixtures, emit, stageChanged } from '../../test/support/alerts.js';
import { queuedSignal } from './queued.js';

const { receiver, kindling: start } = alertFixtures();

describe('the sender is woken after a commit only when it queued a message', () => {
  it('a stage change with no endpoint to tell wakes nothing: no look at the outbox after the commit', async () => {
    const { kindling } = await start();
    await kindling.alerts.ready;
    const wake = vi.spyOn(kindling.alerts.sender, 'wake');
    await emit(kindling, stageChanged(7, 'near_sql', 'sql', Date.now()));
    await kindling.alerts.sender.settled();
    expect(wake).not.toHaveBeenCalled();
  });

  it('a stage change no endpoint subscribes to wakes nothing; one it subscribes to wakes the sender once and is delivered', async () => {
    const r = await receiver();
    const { kindling } = await start({ webhooks: { endpoints: [{ url: r.url, events: ['lead.entered_sql'] }] } });
    await kindling.alerts.ready;
    const wake = vi.spyOn(kindling.alerts.sender, 'wake');
    await emit(kindling, stageChanged(7, 'lead', 'near_sql', Date.now()));
    expect(wake).not.toHaveBeenCalled();
    await emit(kindling, stageChanged(7, 'near_sql', 'sql', Date.now()));
    expect(wake).toHaveBeenCalledTimes(1);
    await r.waitFor(1);
    expect(JSON.parse(r.received[0]!.body)).toMatchObject({ type: 'lead.entered_sql', lead: { id: 7 } });
  });

  it('the signal is true once after any number of marks (a rolled-back mark costs the next commit one look, for nothing)', async () => {
    const signal = queuedSignal();
    expect(signal.take()).toBe(false);
    signal.mark();
    signal.mark();
    expect(signal.take()).toBe(true);
    expect(signal.take()).toBe(false);
  });
});
