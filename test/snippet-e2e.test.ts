/**
 * The snippet end to end: real headless Chromium with a human user agent, the real collector
 * (createKindling on a temp-dir SQLite file, served by @hono/node-server on port 0), test pages
 * from the same origin — then the exact events stored in SQLite are asserted. And: with the
 * collector down, events wait in the browser and arrive exactly once when it is back.
 */
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSnippet, SNIPPET_OUTFILE } from '../snippet/build.mjs';
import { browserTestsEnabled, hasChromium, HUMAN_USER_AGENT, launchBrowser } from './support/browser.js';
import { startTestKindling } from './support/kindling.js';
import { rows } from './support/query.js';

type TestKindling = Awaited<ReturnType<typeof startTestKindling>>;

interface Row {
  event_id: string;
  type: string;
  name: string | null;
  path: string;
  title: string | null;
  visitor_id: string;
  session_id: string;
  referrer_host: string | null;
  utm_source: string | null;
  utm_campaign: string | null;
  props: string;
}

const storedRows = (k: TestKindling) =>
  rows<Row>(
    k,
    'SELECT event_id, type, name, path, title, visitor_id, session_id, referrer_host, utm_source, utm_campaign, props FROM events ORDER BY ts, seq',
  );

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function listen(
  fetch: (req: Request, env: unknown) => Response | Promise<Response>,
  port = 0,
): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port, hostname: '127.0.0.1' }, (info) => resolve({ server, port: info.port }));
  });
}

const close = (server: ServerType) => new Promise<void>((resolve) => server.close(() => resolve()));

/** A port nothing listens on (yet). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The demo site's pages: the install tag in the head, as a site owner pastes it. */
function sitePages(tag: string): Hono {
  const page = (title: string, body: string) =>
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${tag}</head><body>${body}</body></html>`;
  const pages: Record<string, string> = {
    'index.html': page(
      'Acme — home',
      `<h1>Acme</h1>
       <a id="pdf" href="/site/files/whitepaper.pdf" download>Whitepaper (PDF)</a>
       <button id="spa" onclick="history.pushState({}, '', '/site/app/features'); document.title = 'Acme — features'">Features</button>
       <a id="pricing" href="/site/pricing.html">Pricing</a>`,
    ),
    'pricing.html': page(
      'Acme — pricing',
      `<form id="demo-request" name="demo" method="post" action="/site/thanks.html">
         <input type="email" name="email"><input name="name"><input name="company">
         <input type="password" name="password"><input type="hidden" name="csrf_token" value="t0k3n">
         <button id="send">Request a demo</button>
       </form>`,
    ),
    'thanks.html': page('Acme — thanks', '<p>Thanks!</p>'),
  };
  const app = new Hono();
  app.get('/site/files/whitepaper.pdf', (c) => c.body('%PDF-1.4\n%test\n', 200, { 'content-type': 'application/pdf' }));
  app.on(['GET', 'POST'], '/site/:page', (c) => {
    const html = pages[c.req.param('page')];
    return html ? c.html(html) : c.notFound();
  });
  return app;
}

const run = browserTestsEnabled('test/snippet-e2e.test.ts');

describe.runIf(run)('the snippet in a real browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    expect(hasChromium, 'Chromium is required at /usr/bin/chromium under CI=true').toBe(true);
    await buildSnippet(); // dist/snippet/k.js, which the collector serves at /k.js
    browser = await launchBrowser({ userAgent: HUMAN_USER_AGENT }); // beacons too must count as human
  });
  afterAll(() => browser?.close());

  const context = (): Promise<BrowserContext> => browser.newContext({ userAgent: HUMAN_USER_AGENT, acceptDownloads: true });

  describe('pages served with the collector', () => {
    let kindling: TestKindling;
    let server: ServerType;
    let origin: string;
    beforeAll(async () => {
      kindling = await startTestKindling();
      const site = sitePages('<script async src="/k.js" data-site="demo" data-allow-localhost></script>');
      const started = await listen((req, env) =>
        new URL(req.url).pathname.startsWith('/site/') ? site.fetch(req, env) : kindling.app.fetch(req, env),
      );
      server = started.server;
      origin = `http://127.0.0.1:${started.port}`;
    });
    afterAll(async () => {
      await close(server);
      await kindling.cleanup();
    });

    it('stores exactly the page views (one an SPA route), download, form with its email, and visible time of a visit', async () => {
      const ctx = await context();
      const page = await ctx.newPage();
      const has = (type: string, path: string) => async () => (await storedRows(kindling)).find((r) => r.type == type && r.path == path);

      await page.goto(`${origin}/site/index.html?utm_source=e2e&utm_campaign=snippet`);
      await until('the first page view', has('pageview', '/site/index.html'));
      await page.waitForTimeout(300);
      const download = page.waitForEvent('download');
      await page.click('#pdf');
      await download;
      await until('the download', has('download', '/site/index.html'));
      await page.click('#spa'); // an SPA route change: pushState
      await until('the SPA page view', has('pageview', '/site/app/features'));
      await page.waitForTimeout(300);
      await Promise.all([page.waitForURL('**/site/pricing.html'), page.click('#pricing')]);
      await until('the pricing page view', has('pageview', '/site/pricing.html'));
      await page.fill('input[name=email]', 'Ada@Example.COM');
      await page.fill('input[name=name]', 'Ada Lovelace');
      await page.fill('input[name=company]', 'Acme Analytics');
      await page.fill('input[name=password]', 'correct horse battery staple');
      await Promise.all([page.waitForURL('**/site/thanks.html'), page.click('#send')]);
      await until('the thanks page view', has('pageview', '/site/thanks.html'));
      await page.waitForTimeout(300);
      await page.goto('about:blank'); // the page is hidden and unloaded: its visible time goes by sendBeacon
      await until('the last visible time', has('engage', '/site/thanks.html'));
      await page.waitForTimeout(1000); // anything late (a retried batch) would show now
      await ctx.close();

      const stored = await storedRows(kindling);
      expect(stored.map((r) => [r.type, r.path])).toEqual([
        ['pageview', '/site/index.html'],
        ['download', '/site/index.html'],
        ['engage', '/site/index.html'],
        ['pageview', '/site/app/features'],
        ['engage', '/site/app/features'],
        ['pageview', '/site/pricing.html'],
        ['form', '/site/pricing.html'],
        ['engage', '/site/pricing.html'],
        ['pageview', '/site/thanks.html'],
        ['engage', '/site/thanks.html'],
      ]);
      const props = stored.map((r) => JSON.parse(r.props));
      // one browser, one visitor, one session, attributed to the landing page's campaign
      expect(new Set(stored.map((r) => r.visitor_id)).size).toBe(1);
      expect(stored[0]!.visitor_id).toMatch(/^[0-9a-f]{12}7[0-9a-f]{3}8[0-9a-f]{15}$/);
      expect(new Set(stored.map((r) => r.session_id)).size).toBe(1);
      expect(new Set(stored.map((r) => `${r.utm_source}/${r.utm_campaign}`))).toEqual(new Set(['e2e/snippet']));
      expect(stored.every((r) => r.referrer_host === null)).toBe(true);
      expect(new Set(stored.map((r) => r.event_id)).size).toBe(stored.length);
      expect(stored.filter((r) => r.type == 'pageview').map((r) => r.title)).toEqual([
        'Acme — home',
        'Acme — features',
        'Acme — pricing',
        'Acme — thanks',
      ]);
      expect(props[1]).toEqual({ href: `${origin}/site/files/whitepaper.pdf` });
      expect(stored[6]!.name).toBe('demo-request');
      expect(props[6]).toEqual({
        form: {
          id: 'demo-request',
          name: 'demo',
          action: `${origin}/site/thanks.html`,
          fields: { email: 'Ada@Example.COM', name: 'Ada Lovelace', company: 'Acme Analytics' },
        },
        email: 'ada@example.com',
      });
      for (const i of [2, 4, 7, 9]) expect(props[i].engagedMs, stored[i]!.path).toBeGreaterThan(100);
      // the form's email made the visitor a lead, and the visit (earlier pages too) is attributed to it
      const leads = await rows<{ id: number; email: string }>(kindling, 'SELECT id, email FROM leads');
      expect(leads.map((l) => l.email)).toEqual(['ada@example.com']);
      const attributed = await rows(kindling, 'SELECT DISTINCT lead_id FROM events');
      expect(attributed).toEqual([{ lead_id: leads[0]!.id }]);
    });

    it('serves the snippet at /k.js', async () => {
      const res = await fetch(`${origin}/k.js`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(readFileSync(SNIPPET_OUTFILE, 'utf8'));
    });
  });

  it('keeps the events while the collector is down and delivers each exactly once when it is back', async () => {
    const kindling = await startTestKindling();
    const collectorPort = await freePort();
    const api = `http://127.0.0.1:${collectorPort}`;
    // The site has its own server; the collector is elsewhere (data-api) and down for now.
    const site = sitePages(`<script async src="/k.js" data-site="demo" data-api="${api}" data-allow-localhost></script>`);
    site.get('/k.js', (c) => c.body(readFileSync(SNIPPET_OUTFILE, 'utf8'), 200, { 'content-type': 'text/javascript' }));
    const { server: siteServer, port: sitePort } = await listen((req, env) => site.fetch(req, env));
    let collector: ServerType | undefined;
    const ctx = await context();
    try {
      const page = await ctx.newPage();
      const waiting = () => page.evaluate(() => (JSON.parse(localStorage.getItem('kn') || '{}').q || []) as { n: number }[]);
      await page.goto(`http://127.0.0.1:${sitePort}/site/index.html`);
      await until('a failed batch in the retry store', async () => (await waiting()).some((e) => e.n > 0), 30_000);
      const download = page.waitForEvent('download');
      await page.click('#pdf');
      await download;
      await page.waitForTimeout(300);
      // Leaving the page while the collector is down: its visible time stays in the store.
      await Promise.all([page.waitForURL('**/site/pricing.html'), page.click('#pricing')]);
      // Poll rather than sleep: under load the pricing page's first tick can come late.
      await until('three batches in the retry store', async () => (await waiting()).length >= 3, 30_000);
      expect(await storedRows(kindling)).toEqual([]);

      collector = (await listen((req, env) => kindling.app.fetch(req, env), collectorPort)).server;
      const expected = [
        ['pageview', '/site/index.html'],
        ['download', '/site/index.html'],
        ['engage', '/site/index.html'],
        ['pageview', '/site/pricing.html'],
      ];
      await until('every queued event', async () => (await storedRows(kindling)).length >= expected.length, 45_000);
      await until('an empty retry store', async () => (await waiting()).length == 0, 15_000);
      await page.waitForTimeout(1500);
      const stored = await storedRows(kindling);
      expect(stored.map((r) => [r.type, r.path])).toEqual(expected);
      const counts = await rows<{ n: number }>(kindling, 'SELECT event_id, COUNT(*) AS n FROM events GROUP BY event_id');
      expect(counts.map((c) => c.n)).toEqual([1, 1, 1, 1]);
      expect(new Set(stored.map((r) => r.visitor_id)).size).toBe(1);
    } finally {
      await ctx.close();
      await close(siteServer);
      if (collector) await close(collector);
      await kindling.cleanup();
    }
  }, 90_000);
});
