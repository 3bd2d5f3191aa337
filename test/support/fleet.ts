import { startServerProcess, type ServerProcess } from './server-process.js';
import { HUMAN_USER_AGENT } from './browser.js';

/**
 * A fleet of collector processes on one PostgreSQL database, a load generator that spreads
 * batches over all of them (the webhook receiver that remembers every delivery is webhook-receiver.ts). Used by the
 * fleet test (test/fleet.test.ts, CI size) and by `npm run bench` (larger size): no vitest here.
 */

export interface Fleet {
  readonly members: (ServerProcess | null)[];
  /** URLs of the members that are up now. */
  urls(): string[];
  /** SIGKILL one member (no cleanup of any kind: its connections just drop). */
  kill(index: number): Promise<void>;
  restart(index: number): Promise<void>;
  /** SIGTERM every member and wait for each to exit. */
  stop(): Promise<void>;
}

export async function startFleet(size: number, env: Record<string, string>): Promise<Fleet> {
  // One after another: the first migrates, the others find the schema current.
  const members: (ServerProcess | null)[] = [];
  for (let i = 0; i < size; i++) members.push(await startServerProcess(env, 30_000));
  return {
    members,
    urls: () => members.filter((m): m is ServerProcess => m !== null).map((m) => m.url),
    async kill(index) {
      const member = members[index];
      if (!member) return;
      members[index] = null;
      member.child.kill('SIGKILL');
      await member.exited;
    },
    async restart(index) {
      members[index] = await startServerProcess(env, 30_000);
    },
    async stop() {
      await Promise.all(
        members.map(async (m, i) => {
          if (!m) return;
          members[i] = null;
          m.child.kill('SIGTERM');
          await m.exited;
        }),
      );
    },
  };
}

export interface LoadOptions {
  fleet: Pick<Fleet, 'urls'>;
  /** Concurrent clients. */
  clients: number;
  /** People; each browses from `visitorsPerPerson` browsers, so one person arrives at several collectors at once. */
  people: number;
  visitorsPerPerson: number;
  /** Stop after this many batches in all (or when `stop()` is called). */
  batches: number;
  origin: string;
}

export interface LoadRun {
  /** Event ids the fleet answered 202 for. */
  acked: string[];
  sent: number;
  /** Requests that failed at the transport (a killed member) or got a non-202 answer. */
  failed: number;
  /** Resolves when every client has stopped. */
  done: Promise<void>;
  stop(): void;
}

export const fleetEmail = (person: number) => `person${person}@fleet-corp${person % 7}.example`;

/** A visitor id per (person, browser): 32 hex digits, stable across runs. */
const visitorOf = (person: number, browser: number) =>
  `0190a6f1e2b37c4d${browser.toString(16).padStart(4, '0')}${person.toString(16).padStart(12, '0')}`;

/**
 * One batch of a person's browsing: pricing and docs views, and on every browser an identify —
 * two browsers of the same person identify at about the same moment on different collectors. Every
 * person's second round carries the demo request and budget/timeline answers that make the lead SQL, so each
 * person crosses into SQL once (one alert), from whichever collector gets there first.
 */
function personBatch(
  n: number,
  person: number,
  browser: number,
  demo: boolean,
  origin: string,
  runId: string,
): { ids: string[]; body: string } {
  const now = Date.now();
  const id = (k: string) => `f${runId}${n.toString(36)}${k}`;
  const events: Record<string, unknown>[] = [
    { i: id('p'), t: 'pageview', ts: now, u: `${origin}/pricing` },
    { i: id('d'), t: 'pageview', ts: now, u: `${origin}/docs/setup` },
    {
      i: id('i'),
      t: 'identify',
      ts: now,
      u: `${origin}/pricing`,
      em: fleetEmail(person),
      tr: { name: `Person ${person}`, title: 'VP Engineering', company: `Fleet Corp ${person % 7}` },
    },
  ];
  if (demo) {
    events.push({
      i: id('f'),
      t: 'form',
      ts: now,
      u: `${origin}/demo-request`,
      f: { id: 'demo-request', fl: { message: 'Show us a demo' } },
    });
    events.push({
      i: id('t'),
      t: 'identify',
      ts: now,
      u: `${origin}/demo-request`,
      em: fleetEmail(person),
      tr: { budget: 'approved', timeline: 'this quarter' },
    });
  }
  return {
    ids: events.map((e) => String(e.i)),
    body: JSON.stringify({ s: 'demo', v: visitorOf(person, browser), ss: `s${browser}`, e: events }),
  };
}

/** Sends batches round-robin over the fleet's live members until `batches` have gone out. */
export function runLoad(options: LoadOptions): LoadRun {
  const run: LoadRun = { acked: [], sent: 0, failed: 0, done: Promise.resolve(), stop: () => (stopped = true) };
  const runId = Date.now().toString(36);
  let stopped = false;
  let next = 0;
  const client = async () => {
    while (!stopped && next < options.batches) {
      const n = next++;
      const person = n % options.people;
      const browser = Math.floor(n / options.people) % options.visitorsPerPerson;
      const round = Math.floor(n / options.people);
      // Each person's second round asks for a demo (on its second browser): every person crosses into SQL.
      const batch = personBatch(n, person, browser, round % 3 === 1, options.origin, runId);
      const urls = options.fleet.urls();
      const url = urls[n % urls.length]!;
      run.sent++;
      try {
        const res = await fetch(`${url}/e`, {
          method: 'POST',
          body: batch.body,
          headers: { 'content-type': 'text/plain', origin: options.origin, 'user-agent': HUMAN_USER_AGENT },
        });
        await res.arrayBuffer();
        if (res.status === 202) run.acked.push(...batch.ids);
        else run.failed++;
      } catch {
        run.failed++; // the member died under the request: not acknowledged, may or may not be stored
      }
    }
  };
  run.done = Promise.all(Array.from({ length: options.clients }, client)).then(() => undefined);
  return run;
}
