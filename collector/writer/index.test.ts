import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DB } from '../db/index.js';
import type { NewEvent } from '../events/types.js';
import type { DomainEvent } from '../events/domain.js';
import { createWriter, WriterClosedError, type Writer } from './index.js';
import { newEvent } from '../../test/support/engine.js';
import { createSqliteStore, UnitSpannedIoError } from '../store/sqlite/index.js';

let db: DB;
let writer: Writer;

/** A page view as ingest hands it over (the shared test event, with this file's fixed times and URL). */
const event = (overrides: Partial<NewEvent> = {}): NewEvent =>
  newEvent({ visitorId: 'v1', type: 'pageview', sessionId: null, ts: 1000, receivedAt: 1000, url: 'http://x/', path: '/', ...overrides });
const count = () => (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
const updated = (leadId: number): DomainEvent => ({ type: 'lead.updated', at: 0, leadId });

beforeEach(() => {
  db = openDatabase(':memory:');
  writer = createWriter({ store: createSqliteStore(db), batchWindowMs: 5, log: () => {} });
});
afterEach(() => db.close());

describe('writer', () => {
  it('commits concurrent writes of one window in one transaction, and only then resolves', async () => {
    let committedWhenResolved = -1;
    const a = writer.write([event(), event()]);
    const b = writer.write([event()]).then((r) => {
      committedWhenResolved = count();
      return r;
    });
    expect(count()).toBe(0); // nothing written synchronously
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.inserted).toBe(2);
    expect(rb.inserted).toBe(1);
    expect(committedWhenResolved).toBe(3);
    expect(writer.stats.batches).toBe(1);
  });

  it('with a window of 0 commits on the next turn of the event loop, with no timer', async () => {
    // Timers frozen: only a drain scheduled with setImmediate can run (setTimeout(…, 0) waits a millisecond).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const now = createWriter({ store: createSqliteStore(db), batchWindowMs: 0, log: () => {} });
      const both = Promise.all([now.write([event()]), now.write([event()])]);
      await new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
      expect(count()).toBe(2);
      expect((await both).map((r) => r.inserted)).toEqual([1, 1]);
      expect(now.stats.batches).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('skips duplicates (site + event id) and reports them', async () => {
    const e = event();
    await writer.write([e]);
    const r = await writer.write([e, event({ site: 'other', eventId: e.eventId })]);
    expect(r).toMatchObject({ inserted: 1, duplicates: 1 });
    expect(count()).toBe(2);
  });

  it('assigns seq in append order and keeps the visitor first/last seen', async () => {
    const r = await writer.write([event({ ts: 5000 }), event({ ts: 2000 })]);
    expect(r.events[1]!.seq).toBe(r.events[0]!.seq + 1);
    expect(db.prepare('SELECT first_seen_at, last_seen_at FROM visitors').get()).toEqual({ first_seen_at: 2000, last_seen_at: 5000 });
  });

  it('runs projections inside the transaction: a failing projection rolls the events back', async () => {
    writer.use({
      name: 'fails-on-boom',
      async apply(_ctx, events) {
        if (events.some((e) => e.name === 'boom')) throw new Error('boom');
      },
    });
    await expect(writer.write([event(), event({ name: 'boom' })])).rejects.toThrow('boom');
    expect(count()).toBe(0);
  });

  it('isolates a poison request: its neighbours in the same window still commit', async () => {
    writer.use({
      name: 'fails-on-boom',
      async apply(_ctx, events) {
        if (events.some((e) => e.name === 'boom')) throw new Error('boom');
      },
    });
    const results = await Promise.allSettled([writer.write([event()]), writer.write([event({ name: 'boom' })]), writer.write([event()])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(count()).toBe(2);
  });

  it('routes domain events to in-transaction handlers before commit and to listeners after', async () => {
    const seen: string[] = [];
    writer.use({ name: 'emit', apply: async (ctx, events) => events.forEach((e) => ctx.emit(updated(e.seq))) });
    writer.on((ctx, ev) => {
      const inTx = ctx.db.inTransaction;
      seen.push(`handler:${ev.type}:${inTx}`);
    });
    writer.afterCommit((events) => seen.push(`listener:${events.length}:${db.inTransaction}`));
    await writer.write([event(), event()]);
    expect(seen).toEqual(['handler:lead.updated:true', 'handler:lead.updated:true', 'listener:2:false']);
  });

  it('waits for async handlers in emit order before commit; a failed unit tells no listener', async () => {
    const seen: string[] = [];
    writer.use({ name: 'emit', apply: async (ctx, events) => events.forEach((e) => ctx.emit(updated(e.seq))) });
    writer.on(async (ctx, ev) => {
      await ctx.settings.set('last', String(ev.type === 'lead.updated' && ev.leadId));
      seen.push(`handler:${ev.type === 'lead.updated' && ev.leadId}`);
    });
    writer.afterCommit((events) => seen.push(`listener:${events.length}`));
    const { events } = await writer.write([event(), event()]);
    expect(seen).toEqual([`handler:${events[0]!.seq}`, `handler:${events[1]!.seq}`, 'listener:2']);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'last'").get()).toEqual({ value: String(events[1]!.seq) });
    seen.length = 0;
    writer.on(async () => {
      throw new Error('late handler broke');
    });
    await expect(writer.write([event()])).rejects.toThrow('late handler broke');
    expect(seen.filter((s) => s.startsWith('listener'))).toEqual([]);
    expect(count()).toBe(2);
  });

  it('a unit that fails after emitting keeps no write of its handlers', async () => {
    writer.on(async (ctx) => {
      await ctx.settings.set('a', '1');
      await ctx.settings.set('b', '2');
    });
    const job = writer.transact((ctx) => {
      void ctx.emit(updated(1));
      throw new Error('the unit fails');
    });
    await expect(job).rejects.toThrow('the unit fails');
    expect(db.prepare("SELECT key FROM settings WHERE key IN ('a', 'b')").all()).toEqual([]);
  });

  it('runs a unit between BEGIN and COMMIT without yielding to the event loop', async () => {
    writer.use({
      name: 'many-awaits',
      async apply(ctx) {
        for (let i = 0; i < 200; i++) await ctx.settings.set('step', String(i));
      },
    });
    const observed: boolean[] = [];
    const poll = () => {
      observed.push(db.inTransaction);
      if (observed.length < 50) setImmediate(poll);
    };
    setImmediate(poll);
    await Promise.all([writer.write([event()]), writer.write([event()])]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(observed.length).toBe(50);
    expect(observed.every((inTx) => !inTx)).toBe(true);
  });

  it('rolls back a unit that awaits I/O other than the store', async () => {
    const job = writer.transact(async (ctx) => {
      await ctx.settings.set('leaked', 'yes');
      await new Promise((resolve) => setTimeout(resolve, 1));
    });
    await expect(job).rejects.toBeInstanceOf(UnitSpannedIoError);
    expect(db.inTransaction).toBe(false);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'leaked'").get()).toBeUndefined();
    // The writer goes on.
    await expect(writer.write([event()])).resolves.toMatchObject({ inserted: 1 });
  });

  it('a throwing handler aborts the transaction; a throwing listener does not', async () => {
    writer.use({ name: 'emit', apply: async (ctx, events) => events.forEach((e) => ctx.emit(updated(e.seq))) });
    writer.afterCommit(() => {
      throw new Error('listener broke');
    });
    await expect(writer.write([event()])).resolves.toMatchObject({ inserted: 1 });
    writer.on(() => {
      throw new Error('handler broke');
    });
    await expect(writer.write([event()])).rejects.toThrow('handler broke');
    expect(count()).toBe(1);
  });

  it('runs jobs in queue order with event batches', async () => {
    // The job, queued after the write, runs after the write's commit: it sees its event.
    const w = writer.write([event()]);
    const j = writer.transact((ctx) => (ctx.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n);
    await expect(j).resolves.toBe(1);
    await expect(w).resolves.toMatchObject({ inserted: 1 });
  });

  it('commits at once when maxBatchEvents are waiting', async () => {
    const eager = createWriter({ store: createSqliteStore(db), batchWindowMs: 10_000, maxBatchEvents: 3 });
    const started = Date.now();
    await eager.write([event(), event(), event()]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('flushes on close and refuses work afterwards', async () => {
    const pending = writer.write([event()]);
    await writer.close();
    await expect(pending).resolves.toMatchObject({ inserted: 1 });
    await expect(writer.write([event()])).rejects.toBeInstanceOf(WriterClosedError);
  });
});
