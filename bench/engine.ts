/**
 * Engine benchmark: `npm run bench:engine [-- leads=100000 events=4]`; `npm run bench:engine -- rescore`
 * times only rescore and backtest on the bench's 1M-event dataset (see engine-rescore.ts); `-- rescore scan [rounds=3]`
 * times only the rescore worker's side (read, replay, compare) in process (engine-scan.ts); `-- rescore scan unchanged`
 * scans a copy rescored once (nothing changes, as in the bench's later rounds); `chunk=N` leads per read (default 500),
 * `leads=N` only the first N leads (whole chunks; for callgrind). `-- rescore accounts [rounds=3]` times only the accounts
 * rebuild (engine-accounts.ts); `-- rescore first [workers=2]` only the first rescore (leads change), no backtest;
 * `apply=N` changed leads per writer transaction (the engine's default otherwise); `-- rescore backtest [workers=2]`
 * only the backtests (in workers, then in process) on the dataset itself.
 * `npm run bench:engine -- writer [shapes=1x1,16x1,64x20] [commits=400] [rounds=3] [fsync=off] [fresh]` prints the writer's
 * CPU per commit, per request and per event for each shape (writer-commit.ts).
 * `npm run bench:engine -- insert-floor [commits=200] [rounds=3] [fsync=off]` prints the CPU per event of the events
 * insert alone on the same traffic and commit shape (64x20): the storage floor under the writer (insert-floor.ts).
 * Builds a database of N leads (ingested through the real writer and projection), then times the
 * API's read queries (hot leads, filters, search, companies, funnel) and a full rescore.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig } from '../collector/config/index.js';
import { createKindling } from '../collector/kindling.js';
import type { NewEvent } from '../collector/events/types.js';
import { newEvent } from '../test/support/engine.js';
import { listLeads } from '../collector/api/leads/list.js';
import { readContext } from '../collector/api/leads/item.js';
import { createSqliteReads } from '../collector/store/sqlite/reads.js';
import { progressReporter } from './progress.js';
import { benchEngineRescore } from './engine-rescore.js';
import { benchWriterCommit, parseShapes } from './writer-commit.js';
import { benchInsertFloor } from './insert-floor.js';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const LEADS = Number(args.leads ?? 100_000);
const EVENTS_PER_LEAD = Number(args.events ?? 4);
const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);

// Deterministic pseudo-random numbers, so runs compare.
let seed = 42;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

const TITLES = ['VP Sales', 'Head of Marketing', 'Engineer', 'CTO', 'Student', 'Marketing Manager', 'Director of IT', 'Analyst', null];
const SIZES = ['1-9', '10-49', '51-200', '201-1000', '1001-5000', '10,000+', null];
const PAGES: [string, string | null][] = [
  ['/', null],
  ['/pricing', 'pricing'],
  ['/docs/start', 'docs'],
  ['/blog/post', 'blog'],
  ['/careers', 'careers'],
  ['/product', 'product'],
];

function generate(): NewEvent[] {
  const out: NewEvent[] = [];
  for (let i = 0; i < LEADS; i++) {
    const visitor = `b${i.toString(16).padStart(8, '0')}`;
    const start = T0 + Math.floor(rnd() * 90 * DAY);
    const domain = rnd() < 0.25 ? pick(['gmail.com', 'outlook.com', 'yahoo.com']) : `company${Math.floor(rnd() * 20_000)}.com`;
    const traits: Record<string, string> = {};
    const title = pick(TITLES);
    if (title) traits.title = title;
    const size = pick(SIZES);
    if (size) traits.company_size = size;
    if (rnd() < 0.2) traits.budget = 'yes';
    if (rnd() < 0.2) traits.timeline = 'this quarter';
    let t = start;
    for (let j = 0; j < EVENTS_PER_LEAD - 1; j++) {
      const [path, pageClass] = pick(PAGES);
      out.push(newEvent({ visitorId: visitor, type: rnd() < 0.1 ? 'download' : 'pageview', ts: t, path, pageClass, props: {} }));
      t += Math.floor(rnd() * 3 * DAY);
    }
    const demo = rnd() < 0.05;
    out.push(
      demo
        ? newEvent({
            visitorId: visitor,
            type: 'form',
            ts: t,
            name: 'demo',
            props: { form: { id: 'demo', fields: traits }, email: `p${i}@${domain}` },
          })
        : newEvent({ visitorId: visitor, type: 'identify', ts: t, props: { email: `p${i}@${domain}`, traits } }),
    );
  }
  return out.sort((a, b) => a.ts - b.ts).map((e) => ({ ...e, receivedAt: e.ts }));
}

function time<T>(label: string, runs: number, fn: () => T): T {
  let result = fn(); // warm up
  const started = performance.now();
  for (let i = 0; i < runs; i++) result = fn();
  console.log(`${label.padEnd(44)} ${((performance.now() - started) / runs).toFixed(2)} ms`);
  return result;
}

async function main(): Promise<void> {
  if (process.argv.includes('insert-floor'))
    return benchInsertFloor(Number(args.commits ?? 200), Number(args.rounds ?? 3), args.fsync !== 'off');
  if (process.argv.includes('writer'))
    return benchWriterCommit(
      parseShapes(args.shapes ?? '1x1,16x1,64x20'),
      Number(args.commits ?? 400),
      Number(args.rounds ?? 3),
      args.fsync !== 'off',
      process.argv.includes('fresh'),
    );
  if (process.argv.includes('rescore'))
    return benchEngineRescore(
      Number(args.scale ?? 1),
      process.argv.includes('scan') ? Number(args.rounds ?? 3) : 0,
      args.workers ? args.workers.split(',').map(Number) : [1, 2],
      process.argv.includes('unchanged'),
      Number(args.chunk ?? 500),
      args.leads ? Number(args.leads) : undefined,
      process.argv.includes('first'),
      process.argv.includes('accounts') ? Number(args.rounds ?? 3) : 0,
      args.apply ? Number(args.apply) : undefined,
      process.argv.includes('backtest'),
    );
  const dir = mkdtempSync(join(tmpdir(), 'kindling-bench-'));
  const clock = { now: T0 };
  const k = await createKindling(testConfig({}, { KINDLING_DB: join(dir, 'bench.db') }), { clock: () => clock.now, log: () => {} });
  try {
    console.log(`generating ${LEADS.toLocaleString('en-US')} leads × ${EVENTS_PER_LEAD} events…`);
    const events = generate();
    const report = progressReporter('ingest with projection', events.length, (line) => console.log(line));
    let started = performance.now();
    for (let i = 0; i < events.length; i += 2000) {
      const batch = events.slice(i, i + 2000);
      clock.now = batch[batch.length - 1]!.receivedAt;
      await k.writer.write(batch);
      report(i + batch.length);
    }
    const ms = performance.now() - started;
    console.log(
      `ingest with projection: ${events.length} events, ${LEADS} leads in ${(ms / 1000).toFixed(1)} s (${Math.round(events.length / (ms / 1000))} events/s)`,
    );
    clock.now = T0 + 100 * DAY;
    console.log('sweep: 10 quiet days later…');
    started = performance.now();
    const swept = await k.engine.sweep();
    console.log(
      `sweep after 10 quiet days: ${swept.leads} leads stepped, ${swept.transitions} transitions in ${Math.round(performance.now() - started)} ms`,
    );

    const req = (path: string) => k.app.request(path, { headers: { authorization: `Bearer ${k.adminToken}` } });
    const json = async (path: string) => (await req(path)).json() as Promise<Record<string, unknown>>;
    const fits = (k.db.prepare('SELECT COUNT(DISTINCT fit) AS n FROM leads').get() as { n: number }).n;
    console.log(`${LEADS} leads in ${fits} fit groups`);
    const timeAsync = async (label: string, path: string, runs = 20) => {
      await json(path);
      const t = performance.now();
      for (let i = 0; i < runs; i++) await json(path);
      console.log(`${label.padEnd(44)} ${((performance.now() - t) / runs).toFixed(2)} ms`);
    };
    await timeAsync('GET /api/leads (hot leads, score, 50)', '/api/leads?limit=50');
    const page1 = await json('/api/leads?limit=50');
    await timeAsync('GET /api/leads page 2 (cursor)', `/api/leads?limit=50&cursor=${page1.nextCursor as string}`);
    await timeAsync('GET /api/leads?stage=mql', '/api/leads?stage=mql&limit=50');
    await timeAsync('GET /api/leads?stage=sql', '/api/leads?stage=sql&limit=50');
    await timeAsync('GET /api/leads?sort=lastSeen', '/api/leads?sort=lastSeen&limit=50');
    await timeAsync('GET /api/leads?q=company123', '/api/leads?q=company123&limit=50');
    await timeAsync('GET /api/leads/:id', '/api/leads/777');
    await timeAsync('GET /api/companies', '/api/companies?limit=50', 5);
    await timeAsync('GET /api/funnel', '/api/funnel', 5);
    const rc = await readContext(createSqliteReads(k.db), k.engine.rules, clock.now);
    await listLeads(rc, { sort: 'score', limit: 50 }); // warm up
    const listStarted = performance.now();
    for (let i = 0; i < 50; i++) await listLeads(rc, { sort: 'score', limit: 50 });
    console.log(`${'listLeads() in process, top 50 by score'.padEnd(44)} ${((performance.now() - listStarted) / 50).toFixed(2)} ms`);
    time('full-scan ORDER BY expression (for comparison)', 5, () =>
      k.db.prepare('SELECT id FROM leads ORDER BY fit + rank_key * ? DESC LIMIT 50').all(Math.pow(2, -100 / 30)),
    );

    console.log('rescore: every lead from the event log…');
    const result = await k.engine.rescore();
    console.log(
      `rescore: ${result.leads} leads, ${result.events} events in ${result.ms} ms (${Math.round((result.events / result.ms) * 1000)} events/s), ${result.stageChanges} changed stage`,
    );
  } finally {
    await k.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
