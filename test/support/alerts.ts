import { afterEach } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ruleCause, STAGES, type DomainEvent, type LeadSummary, type Reason, type Stage } from '../../collector/events/domain.js';
import type { Kindling } from '../../collector/kindling.js';
import { startTestKindling, type TestKindling } from './kindling.js';
import type { AlertsOverrides } from '../../collector/alerts/index.js';
import type { Timers } from '../../collector/alerts/sender/index.js';

/**
 * Test helpers for alerts: a real HTTP receiver, a manual clock with timers, and domain events
 * shaped like the engine's.
 */

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** How many requests carried each webhook-id. */
  countById(): Map<string, number>;
  /** Ids the receiver answered 2xx, each once (what a deduplicating receiver would process). */
  processedIds(): Set<string>;
  reply: (req: Received, index: number) => Reply;
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Stops listening (the port is kept for `up`). */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(reply: Receiver['reply'] = () => ({ status: 200, body: 'ok' })): Promise<Receiver> {
  const received: Received[] = [];
  const answered2xx: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: Received = {
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: performance.now(),
      };
      received.push(entry);
      const answer = receiver.reply(entry, received.length - 1);
      if (answer === 'hang') return;
      if (answer.status >= 200 && answer.status < 300) answered2xx.push(String(req.headers['webhook-id']));
      res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    reply,
    countById() {
      const counts = new Map<string, number>();
      for (const r of received) {
        const id = String(r.headers['webhook-id']);
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    },
    processedIds: () => new Set(answered2xx),
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`receiver got ${received.length} requests, expected ${count}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async down() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    up: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    async close() {
      if (server.listening) await receiver.down();
    },
  };
  return receiver;
}

/** A clock that only moves when told, and timers that fire when it passes them. */
export function manualTime(start = Date.UTC(2025, 2, 3, 9, 0, 0)) {
  let now = start;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout(fn, ms) {
      pending.set(++seq, { at: now + Math.max(0, ms), fn });
      return seq;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  return {
    clock: () => now,
    timers,
    /** Moves the clock forward, firing timers due on the way, earliest first. */
    advance(ms: number) {
      const target = now + ms;
      for (;;) {
        const due = [...pending].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
      }
      now = target;
    },
    /** When the earliest timer fires, ms from now (null if none). */
    nextTimerIn: () => (pending.size ? Math.min(...[...pending.values()].map((t) => t.at)) - now : null),
  };
}

export function leadSummary(id: number, stage: Stage, overrides: Partial<LeadSummary> = {}): LeadSummary {
  return {
    id,
    email: `person${id}@acme.example`,
    name: `Person ${id}`,
    company: 'Acme',
    title: 'VP Engineering',
    stage,
    disposition: null,
    score: 81.26,
    fit: 20,
    ...overrides,
  };
}

export const sampleReasons: Reason[] = [
  { text: 'visited /pricing 3× in 7 days', ruleId: 'pricing-visit', points: 24.44, eventSeqs: [3, 7, 9] },
  { text: 'requested a demo', ruleId: 'demo-request', points: 40, eventSeqs: [12] },
  { text: 'budget confirmed', ruleId: 'bant-budget', points: 10, eventSeqs: [12] },
  { text: 'uses a free-mail address', ruleId: 'free-mail', points: -5, eventSeqs: [1] },
];

export function stageChanged(leadId: number, from: Stage, to: Stage, at: number, lead: Partial<LeadSummary> = {}): DomainEvent {
  const direction = STAGES.indexOf(to) > STAGES.indexOf(from) ? 'up' : 'down';
  return {
    type: 'lead.stage_changed',
    at,
    leadId,
    from,
    to,
    direction,
    cause: ruleCause('score'),
    lead: leadSummary(leadId, to, lead),
    reasons: sampleReasons,
  };
}

export interface TestKindlingOptions {
  dir?: string;
  webhooks?: Record<string, unknown>;
  time?: ReturnType<typeof manualTime>;
  overrides?: AlertsOverrides;
  logs?: string[];
}

/** The kit that owns each store directory, so a restart (`dir`) runs on the same store. */
const owners = new Map<string, TestKindling>();

/** A Kindling on the run's store (test/support/kindling.ts); reuse `dir` to restart on the same store. */
export async function openKindling(options: TestKindlingOptions = {}): Promise<{ kindling: TestKindling; dir: string }> {
  const kindling = await startTestKindling(
    { webhooks: { allowPrivateTargets: 'loopback', ...options.webhooks } as never },
    {
      storeOf: options.dir ? owners.get(options.dir) : undefined,
      clock: options.time?.clock,
      log: (m) => options.logs?.push(m),
      alerts: { random: () => 0.5, timers: options.time?.timers, ...options.overrides },
    },
  );
  if (!owners.has(kindling.dir)) owners.set(kindling.dir, kindling);
  return { kindling, dir: kindling.dir };
}

/** Emits domain events the way the engine does: inside a writer transaction. */
export const emit = (kindling: Kindling, ...events: DomainEvent[]) =>
  kindling.writer.transact((ctx) => {
    for (const e of events) ctx.emit(e);
  });

/** Per-test receivers and Kindlings, closed after each test. Call at the top of a test file. */
export function alertFixtures() {
  const kindlings: TestKindling[] = [];
  const receivers: Receiver[] = [];
  afterEach(async () => {
    // Restarts before the kit that owns their store: its cleanup removes the store.
    for (const k of kindlings.splice(0).reverse()) {
      await k.cleanup();
      if (owners.get(k.dir) === k) owners.delete(k.dir);
    }
    for (const r of receivers.splice(0)) await r.close();
  });
  return {
    async receiver(reply?: Receiver['reply']): Promise<Receiver> {
      const r = await startReceiver(reply);
      receivers.push(r);
      return r;
    },
    async kindling(options: TestKindlingOptions = {}) {
      const opened = await openKindling(options);
      kindlings.push(opened.kindling);
      return opened;
    },
  };
}
