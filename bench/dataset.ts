import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { testConfig } from '../collector/config/index.js';
import { createKindling } from '../collector/kindling.js';
import { migrations } from '../collector/db/migrations/index.js';
import { projectRoot } from '../collector/paths.js';
import { enrichBatch } from '../collector/ingest/enrich.js';
import { createSiteRegistry, type Site } from '../collector/ingest/sites.js';
import { parseUserAgent } from '../collector/ingest/user-agent.js';
import type { NewEvent } from '../collector/events/types.js';
import { BANT_PROFILES, FORMS, PAGES, type PageKey } from '../cli/simulate/catalog.js';
import { makePerson } from '../cli/simulate/people.js';
import { createRandom, hashSeed, type Random } from '../cli/simulate/random.js';

/** Bump when what is generated changes, so cached datasets are made again. */
const GENERATOR_VERSION = 3;
const DAY_MS = 86_400_000;
const ORIGIN = 'http://localhost:8787';
const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

export interface DatasetSpec {
  name: string;
  leads: number;
  /** Events per lead that go through the writer and the engine: page views, then the identifying form. */
  engineEventsPerLead: number;
  /** Further history per lead, inserted directly (scored once rescore runs; read by the lead page at once). */
  bulkEventsPerLead: number;
  /** Anonymous visitors' events, inserted directly: most of a real site's traffic. */
  anonymousEvents: number;
  days: number;
  seed: number;
}

export interface Dataset {
  path: string;
  events: number;
  leads: number;
  /** Seconds it took to make, or null when it came from the cache. */
  builtSeconds: number | null;
}

const BROWSING: PageKey[] = ['home', 'product', 'pricing', 'docs', 'post', 'blog', 'careers'];
const visitorOf = (prefix: string, i: number) => `${prefix}${i.toString(16).padStart(31, '0')}`;

function counts(path: string): { events: number; leads: number } {
  const db = new Database(path, { readonly: true });
  try {
    const events = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    const leads = (db.prepare('SELECT COUNT(*) AS n FROM leads').get() as { n: number }).n;
    return { events, leads };
  } finally {
    db.close();
  }
}

const specKey = (spec: DatasetSpec) =>
  `${spec.name}-l${spec.leads}-e${spec.engineEventsPerLead}+${spec.bulkEventsPerLead}-a${spec.anonymousEvents}-s${spec.seed}-`;

export const datasetFileName = (spec: DatasetSpec, schema: number) => `${specKey(spec)}schema${schema}-g${GENERATOR_VERSION}.db`;

/**
 * Files of the same spec made by another schema or generator version: stale, to make room. A
 * dataset of another size (the --quick one beside the full one) is never stale: each run keeps its own.
 */
export function staleDatasets(files: readonly string[], spec: DatasetSpec, schema: number): string[] {
  const current = datasetFileName(spec, schema);
  return files.filter((f) => f.startsWith(specKey(spec)) && !f.startsWith(current));
}

/** One lead's identifying visit: a few page views, then a demo request or a newsletter sign-up. */
function leadEvents(rng: Random, spec: DatasetSpec, i: number, start: number, site: Site): NewEvent[] {
  const persona = rng.weighted({ buyer: 2, evaluator: 4, researcher: 2, student: 1, job_seeker: 1 } as const);
  const person = makePerson(
    rng,
    persona,
    persona === 'student' || persona === 'job_seeker' ? 'free' : rng.chance(0.85) ? 'company' : 'free',
  );
  // The name pools are small: the index keeps every address (so every lead) distinct.
  const email = person.email.replace('@', `.${i.toString(36)}@`);
  const base = `${ORIGIN}/demo/`;
  let t = start;
  const e: Record<string, unknown>[] = [];
  for (let k = 0; k < spec.engineEventsPerLead - 1; k++) {
    const page = PAGES[rng.pick(BROWSING)];
    e.push({ i: `l${i.toString(36).padStart(7, '0')}${k}`, t: 'pageview', ts: t, u: `${base}${page.path}`, ti: page.title });
    t += rng.int(20, 600) * 1000;
  }
  const demo = persona === 'buyer' || (persona === 'evaluator' && rng.chance(0.3));
  const profile = BANT_PROFILES[persona === 'buyer' ? 'strong' : 'weak'];
  const fields: Record<string, string> = { email, name: person.name };
  if (demo) {
    Object.assign(fields, {
      title: person.title ?? 'Analyst',
      company: person.company ?? 'Unknown',
      company_size: person.companySize ?? '51-200',
      country: person.country,
    });
    for (const key of ['budget', 'authority', 'need', 'timeline'] as const) fields[key] = rng.weighted(profile[key]);
  }
  const form = demo ? FORMS.demo : FORMS.newsletter;
  e.push({
    i: `l${i.toString(36).padStart(7, '0')}f`,
    t: 'form',
    ts: t,
    u: `${base}${demo ? PAGES.demo.path : 'index.html'}`,
    f: { id: form.id, fl: fields },
    em: email,
  });
  const batch = { s: 'demo', v: visitorOf('a', i), ss: `s${i.toString(36)}`, e } as Parameters<typeof enrichBatch>[0];
  return enrichBatch(batch, site, { receivedAt: t, ip: '203.0.113.0', userAgent: parseUserAgent(UA) });
}

/**
 * A database of the given size, made fast: each lead is identified through the real writer and
 * engine (so leads, traits, scores and stages are what ingest makes), then further history and
 * anonymous traffic are inserted straight into SQLite with one prepared statement per table in
 * large transactions. Kept under data/bench/ (named by schema and generator version) for later runs.
 */
export async function dataset(spec: DatasetSpec, log: (line: string) => void, dir = join(projectRoot, 'data', 'bench')): Promise<Dataset> {
  mkdirSync(dir, { recursive: true });
  const schema = Math.max(...migrations.map((m) => m.version));
  const path = join(dir, datasetFileName(spec, schema));
  if (existsSync(path)) return { path, ...counts(path), builtSeconds: null };
  for (const stale of staleDatasets(readdirSync(dir), spec, schema)) rmSync(join(dir, stale), { force: true });

  const partial = `${path}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  const started = Date.now();
  const end = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const windowMs = spec.days * DAY_MS;
  const config = testConfig({}, { KINDLING_DB: partial });
  const site = createSiteRegistry(config.sites).get('demo')!;
  let clock = end - windowMs;
  const kindling = await createKindling(config, { clock: () => clock, log: () => {} });
  // A scratch file: no fsync per commit while it is being made.
  kindling.db.pragma('synchronous = OFF');
  try {
    log(`dataset ${spec.name}: identifying ${spec.leads.toLocaleString('en-US')} leads through the writer and the engine`);
    const root = createRandom(spec.seed);
    const starts = Array.from({ length: spec.leads }, () => end - windowMs + Math.floor(root.next() * (windowMs - DAY_MS)));
    const order = starts.map((_, i) => i).sort((a, b) => starts[a]! - starts[b]!);
    for (let k = 0; k < order.length; k += 500) {
      const chunk = order.slice(k, k + 500).flatMap((i) => leadEvents(createRandom(hashSeed(spec.seed, i)), spec, i, starts[i]!, site));
      clock = Math.max(clock, ...chunk.map((e) => e.ts));
      await kindling.writer.write(chunk.map((e) => ({ ...e, receivedAt: clock })));
    }
    await kindling.writer.flush();
    log(
      `dataset ${spec.name}: inserting ${(spec.leads * spec.bulkEventsPerLead + spec.anonymousEvents).toLocaleString('en-US')} more events directly`,
    );
    bulkInsert(kindling.db, spec, site, end - windowMs, end);
  } finally {
    await kindling.close();
  }
  const db = new Database(partial);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(partial, path);
  for (const suffix of ['-wal', '-shm']) rmSync(partial + suffix, { force: true });
  return { path, ...counts(path), builtSeconds: Math.round((Date.now() - started) / 1000) };
}

/** Page views and engaged time, for known leads (lead_id set) and for anonymous visitors. */
function bulkInsert(db: Database.Database, spec: DatasetSpec, site: Site, from: number, to: number): void {
  const insert = db.prepare(`
    INSERT INTO events (site, event_id, visitor_id, session_id, lead_id, type, name, ts, received_at, url, path,
      page_class, title, referrer_host, props, browser, os, device, ip)
    VALUES ('demo', ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, 'Chrome', 'Windows', 'desktop', '203.0.113.0')`);
  const visitor = db.prepare(
    `INSERT INTO visitors (site, id, first_seen_at, last_seen_at) VALUES ('demo', ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const leadOf = db.prepare<[string], { lead_id: number }>(`SELECT lead_id FROM visitor_leads WHERE site = 'demo' AND visitor_id = ?`);
  const rng = createRandom(hashSeed(spec.seed, 'bulk'));
  let n = 0;
  const one = (visitorId: string, leadId: number | null, ts: number) => {
    const page = PAGES[rng.pick(BROWSING)];
    const url = `${ORIGIN}/demo/${page.path}`;
    const path = `/demo/${page.path}`;
    const engage = rng.chance(0.5);
    const props = engage ? `{"engagedMs":${rng.int(2, 300) * 1000}}` : '{}';
    insert.run(
      `b${(n++).toString(36).padStart(9, '0')}`,
      visitorId,
      `s${Math.floor(ts / 3_600_000).toString(36)}`,
      leadId,
      engage ? 'engage' : 'pageview',
      ts,
      ts,
      url,
      path,
      site.classify(path),
      page.title,
      rng.chance(0.2) ? 'www.google.com' : null,
      props,
    );
  };
  const span = to - from;
  const chunk = 20_000;
  for (let i = 0; i < spec.leads; i += chunk) {
    db.transaction(() => {
      for (let j = i; j < Math.min(spec.leads, i + chunk); j++) {
        const v = visitorOf('a', j);
        const leadId = leadOf.get(v)?.lead_id ?? null;
        for (let k = 0; k < spec.bulkEventsPerLead; k++) one(v, leadId, from + Math.floor(rng.next() * span));
      }
    })();
  }
  const perVisitor = 20;
  for (let done = 0; done < spec.anonymousEvents;) {
    db.transaction(() => {
      for (let k = 0; k < 200_000 && done < spec.anonymousEvents; k++, done++) {
        const v = visitorOf('f', Math.floor(done / perVisitor));
        const ts = from + Math.floor(rng.next() * span);
        if (done % perVisitor === 0) visitor.run(v, ts, ts);
        one(v, null, ts);
      }
    })();
  }
}
