import { afterEach, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { events } from './support/engine.js';
import { HUMAN_USER_AGENT, batch, pageview, startTestKindling } from './support/kindling.js';

/**
 * The rescore replays in a worker thread on a snapshot of its own: the collector's thread stays
 * free, so POST /e is answered (and committed) while a rescore of a large log is under way.
 * The leads are split across two workers, each over its own range of lead ids.
 */
const LEADS = 2000;
const EVENTS_PER_LEAD = 10;

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('rescore off the main thread', () => {
  it('POST /e is answered while a rescore runs, and the rescore still sees every lead', async () => {
    const k = await startTestKindling();
    const now = Date.now();
    for (let from = 0; from < LEADS; from += 250) {
      const chunk = [];
      for (let i = from; i < from + 250; i++) {
        const visitor = `v${i}`;
        for (let j = 0; j < EVENTS_PER_LEAD - 1; j++)
          chunk.push(events.view(visitor, now - (j + 1) * 60_000, j % 3 ? '/docs' : '/pricing', j % 3 ? 'docs' : 'pricing'));
        chunk.push(events.identify(visitor, now - 30_000, `p${i}@acme${i % 50}.io`, { title: 'VP Sales' }));
      }
      await k.writer.write(chunk);
    }
    const server: ServerType = await new Promise((resolve) => {
      const s = serve({ fetch: k.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    cleanup = async () => {
      await new Promise((r) => server.close(r));
      await k.cleanup();
    };
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/e`;

    let rescored = false;
    // Two workers, small chunks: the parts interleave, and every lead must still be replayed exactly once.
    const rescore = k.engine.rescore({ workers: 2, chunkLeads: 100 }).then((r) => {
      rescored = true;
      return r;
    });
    const answeredDuringRescore: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(url, {
        method: 'POST',
        body: JSON.stringify(batch([pageview()], { v: `0190a6f1e2b37c4d8e9fa0b1c2d3e4${i.toString(16).padStart(2, '0')}` })),
        headers: { 'content-type': 'text/plain;charset=UTF-8', origin: 'http://localhost:3000', 'user-agent': HUMAN_USER_AGENT },
      });
      expect(res.status).toBe(202);
      answeredDuringRescore.push(!rescored);
    }
    const result = await rescore;
    expect(answeredDuringRescore).toEqual([true, true, true, true, true]);
    expect(result.inWorker).toBe(true);
    expect(result.workers).toBe(2);
    expect(result).toMatchObject({ leads: LEADS, events: LEADS * EVENTS_PER_LEAD, stageChanges: 0 });
    // Seeding 20,000 events through the writer dominates; generous on a loaded machine (not a timing assertion).
  }, 180_000);
});
