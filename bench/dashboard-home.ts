import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import type { NewEvent } from '../collector/events/types.js';
import { enrichBatch } from '../collector/ingest/enrich.js';
import { createSiteRegistry } from '../collector/ingest/sites.js';
import type { WireBatch } from '../collector/ingest/wire.js';
import type { Kindling } from '../collector/kindling.js';

/**
 * The dashboard's home page over many leads: seeding through the real enrichment, writer and
 * engine, then a signed-in Chromium opening the page cold. The test uses it at a small size for
 * correctness; `npm run bench` uses it at 100k leads for the timings (never asserted).
 */
const COMPANIES = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'tyrell', 'cyberdyne', 'soylent'];

/** One person's batch, as the snippet would send it: a tenth look at pricing, one in fifty asks for a demo. */
function personBatch(i: number, now: number): WireBatch {
  const v = (BigInt(0x0190a6f1e2b37c4d) * 1000000n + BigInt(i)).toString(16).padStart(32, '0').slice(-32);
  const url = (path: string) => `http://localhost:3000${path}`;
  const ts = now - (i % 1000) * 60_000;
  const e: WireBatch['e'] = [];
  if (i % 10 === 0) for (let k = 0; k < 3; k++) e.push({ i: `p${i}x${k}`, t: 'pageview', ts: ts + k, u: url('/pricing') });
  e.push({
    i: `p${i}id`,
    t: 'identify',
    ts: ts + 10,
    u: url('/'),
    em: `person${i}@${COMPANIES[i % COMPANIES.length]}${Math.floor(i / 1000)}.test`,
    tr: {
      name: `Person ${i}`,
      title: i % 7 === 0 ? 'VP Sales' : 'Engineer',
      company_size: 50 + (i % 500),
      ...(i % 50 === 0 ? { budget: 'yes', timeline: 'this quarter' } : {}),
    },
  });
  if (i % 50 === 0)
    e.push({ i: `p${i}demo`, t: 'form', ts: ts + 20, u: url('/demo-request'), f: { id: 'demo-request', fl: { company: 'x' } } });
  return { s: 'demo', v, ss: `s${i}`, e };
}

/** Identifies `leads` people through the writer; returns the milliseconds it took. */
export async function seedLeads(kindling: Pick<Kindling, 'config' | 'writer'>, leads: number): Promise<number> {
  const site = createSiteRegistry(kindling.config.sites).get('demo')!;
  const facts = { receivedAt: Date.now(), ip: null, userAgent: { browser: 'Chrome', os: 'Linux', device: 'desktop' } };
  const started = Date.now();
  let pending: NewEvent[] = [];
  const writes: Promise<unknown>[] = [];
  for (let i = 0; i < leads; i++) {
    pending.push(...enrichBatch(personBatch(i, facts.receivedAt), site, facts));
    if (pending.length >= 2000) {
      writes.push(kindling.writer.write(pending));
      pending = [];
      // Let the writer commit before building the next batches, as a steady stream of requests would.
      if (writes.length % 5 === 0) await Promise.all(writes.splice(0));
    }
  }
  writes.push(kindling.writer.write(pending));
  await Promise.all(writes);
  return Date.now() - started;
}

export async function serveKindling(
  kindling: Pick<Kindling, 'app'>,
): Promise<{ server: ServerType; base: string; close(): Promise<void> }> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: kindling.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    server,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise((r) => server.close(r));
    },
  };
}

export const HOME_QUERIES = [
  '/api/leads?limit=50',
  '/api/leads?stage=sql&limit=50',
  '/api/leads?stage=mql&limit=50',
  '/api/leads?sort=lastSeen&limit=50',
  '/api/leads?q=person4242&limit=50',
  '/api/leads?q=globex&limit=50',
] as const;

/** Times each list query the home page makes (plus the second page), in process. */
export async function timeHomeQueries(
  kindling: Pick<Kindling, 'app'>,
  token: string,
): Promise<Record<string, { status: number; ms: number; rows: number }>> {
  const headers = { authorization: `Bearer ${token}` };
  const first = (await (await kindling.app.request('/api/leads?limit=50', { headers })).json()) as { nextCursor: string | null };
  const paths: [label: string, path: string][] = HOME_QUERIES.map((p) => [p, p]);
  if (first.nextCursor)
    paths.push(['/api/leads?limit=50&cursor=… (page 2)', `/api/leads?limit=50&cursor=${encodeURIComponent(first.nextCursor)}`]);
  const timings: Record<string, { status: number; ms: number; rows: number }> = {};
  for (const [label, path] of paths) {
    const started = performance.now();
    const res = await kindling.app.request(path, { headers });
    const body = (await res.json()) as { leads?: unknown[] };
    timings[label] = { status: res.status, ms: Math.round(performance.now() - started), rows: body.leads?.length ?? 0 };
  }
  return timings;
}

export interface HomeVisit {
  rowCount: number;
  pagerText: string;
  /** From navigation start to the first lead row in the DOM, measured inside the page. */
  firstRowsMs: number;
  /** A click on the "Lead" tab until the route changed. */
  clickMs: number;
  /** A click on the "SQL" tab until only SQL rows show. */
  filterMs: number;
  sqlOnly: boolean;
}

/** Signs in, opens the home page cold, clicks two filters. */
export async function visitHome(browser: Browser, kindling: Pick<Kindling, 'app'>, base: string, token: string): Promise<HomeVisit> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const login = await kindling.app.request('/auth/login', { method: 'POST', body: JSON.stringify({ token }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!.split('=');
    await context.addCookies([{ name: cookie[0]!, value: cookie[1]!, url: base, httpOnly: true, sameSite: 'Strict' }]);
    await context.addInitScript(() => {
      const w = window as unknown as { firstRowAt?: number };
      new MutationObserver((_, observer) => {
        if (document.querySelector('tr.lead-row')) {
          w.firstRowAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    await page.goto(`${base}/#/leads`);
    await page.waitForSelector('tr.lead-row');
    const firstRowsMs = Math.round(await page.evaluate(() => (window as unknown as { firstRowAt: number }).firstRowAt));
    const rowCount = await page.locator('tr.lead-row').count();
    const pagerText = (await page.textContent('.pager')) ?? '';

    let started = Date.now();
    await page.click('.tab:has-text("Lead")');
    await page.waitForFunction(() => location.hash.includes('stage=lead'));
    const clickMs = Date.now() - started;

    started = Date.now();
    await page.click('.tab:has-text("SQL")');
    await page.waitForFunction(() => location.hash.includes('stage=sql'));
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('tr.lead-row')];
      return rows.length > 0 && rows.every((row) => row.querySelector('[data-stage="sql"]'));
    });
    const filterMs = Date.now() - started;
    const sqlOnly = await page.evaluate(() =>
      [...document.querySelectorAll('tr.lead-row')].every((row) => row.querySelector('[data-stage="sql"]')),
    );
    return { rowCount, pagerText, firstRowsMs, clickMs, filterMs, sqlOnly };
  } finally {
    await context.close();
  }
}
