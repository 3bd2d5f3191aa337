import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../collector/paths.js';
import { browserTestsEnabled, hasChromium, launchBrowser } from './support/browser.js';
import { eventId, postEvents, startTestKindling } from './support/kindling.js';

/**
 * Hostile values in every field a visitor controls that reaches the dashboard (UTM values, page
 * titles and URLs, form ids, names and field names, track names and props, link targets, names,
 * titles and companies), then every dashboard page in Chromium: no dialog, no injected element,
 * no script run, no `javascript:`/`data:` link. Twice: with the collector's CSP, and without it
 * (a test-only wrapper strips the header), so escaping alone is shown to hold.
 */
const TOKEN = 'kt_e2e_hostile_token_0123456789ab';
const enabled = browserTestsEnabled('dashboard-hostile-e2e');

/** Each payload tries to run script (sets window.__pwned or opens a dialog) or to leave an element marked `pwned`. */
const PAYLOADS = [
  `<img src=x class=pwned onerror="window.__pwned=1;alert(1)">`,
  `"><svg class=pwned onload=alert(2)>`,
  `'><script class=pwned>window.__pwned=1</script>`,
  `javascript:alert(3)`,
  `<a class=pwned href="javascript:alert(4)">x</a>`,
  '{{constructor.constructor("alert(5)")()}}',
  "$` $& $' ${alert(6)}",
];
const LINKS = [
  'javascript:alert(7)',
  'JaVaScRiPt:alert(8)',
  'data:text/html,<script>alert(9)</script>',
  ' javascript:alert(10)',
  'vbscript:msgbox(1)',
];

let kindling: Awaited<ReturnType<typeof startTestKindling>>;
const servers: ServerType[] = [];
let browser: Browser;
const now = () => Date.now();

async function visit(visitor: number, events: Record<string, unknown>[], landing?: Record<string, string>): Promise<void> {
  const v = `0190a6f1e2b37c4d8e9fa0b1c2d4${(0xa000 + visitor).toString(16)}`;
  const res = await postEvents(kindling, { s: 'demo', v, ss: `hostile${visitor}`, e: events, ...(landing ? { l: landing } : {}) });
  expect(res.status, JSON.stringify(await res.clone().text())).toBe(202);
}

/** One hostile person per payload, each through every field. */
async function seed(): Promise<void> {
  for (const [i, p] of PAYLOADS.entries()) {
    const utm = `?utm_source=${encodeURIComponent(p)}&utm_campaign=${encodeURIComponent(p)}&utm_medium=${encodeURIComponent(p)}`;
    const page = (path: string) => `http://localhost:3000${path}${utm}`;
    const link = LINKS[i % LINKS.length]!;
    await visit(
      i,
      [
        { i: eventId(), t: 'pageview', ts: now(), u: page('/pricing'), ti: p, r: link },
        { i: eventId(), t: 'form', ts: now(), u: page('/demo-request'), ti: p, f: { id: `demo-${i}`, n: p, fl: { [p]: p, company: p } } },
        { i: eventId(), t: 'track', ts: now(), u: page('/'), n: p.slice(0, 60), p: { [p.slice(0, 60)]: p, link } },
        { i: eventId(), t: 'download', ts: now(), u: page('/pricing'), h: link },
        { i: eventId(), t: 'outbound', ts: now(), u: page('/pricing'), h: LINKS[(i + 2) % LINKS.length]! },
        {
          i: eventId(),
          t: 'identify',
          ts: now(),
          u: page('/'),
          em: `hostile${i}@evil-${i}.test`,
          tr: { name: p, title: p, company: p, need: p, timeline: p, website: link },
        },
      ],
      { u: page('/landing'), r: link },
    );
  }
}

/** Serves the app; `withoutCsp` drops the Content-Security-Policy header from every answer (tests only). */
async function start(withoutCsp: boolean): Promise<string> {
  const fetch = withoutCsp
    ? async (req: Request, env: unknown) => {
        const res = await kindling.app.fetch(req, env);
        if (!res.headers.has('content-security-policy')) return res;
        const headers = new Headers(res.headers);
        headers.delete('content-security-policy');
        return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
      }
    : kindling.app.fetch;
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** What an attack would leave behind on the page now. */
async function traces(page: Page): Promise<{ pwned: unknown; injected: number; badLinks: string[] }> {
  return page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
    injected: document.querySelectorAll('.pwned, script:not([src]), [onerror], [onload], [onclick]').length,
    badLinks: [...document.querySelectorAll('[href], [src], [action], [formaction]')]
      .map((el) => el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('action') ?? el.getAttribute('formaction') ?? '')
      .filter((v) => /^\s*(javascript|data|vbscript):/i.test(v)),
  }));
}

async function api<T>(path: string): Promise<T> {
  const res = await kindling.app.request(path, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

describe.skipIf(!enabled)('hostile values on every dashboard page, in a real browser', () => {
  beforeAll(async () => {
    expect(hasChromium, 'Chromium is required for browser tests').toBe(true);
    execFileSync(process.execPath, ['build.mjs', '--only=dashboard'], { cwd: projectRoot, stdio: 'inherit' });
    kindling = await startTestKindling({}, { env: { KINDLING_ADMIN_TOKEN: TOKEN } });
    await seed();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) {
      (s as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise((r) => s.close(r));
    }
    await kindling?.cleanup();
  });

  for (const withoutCsp of [false, true]) {
    it(`shows every hostile value as text ${withoutCsp ? 'without the CSP (escaping alone)' : 'with the CSP'}`, async () => {
      const base = await start(withoutCsp);
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const dialogs: string[] = [];
      const errors: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('pageerror', (e) => errors.push(e.message));
      const first = await page.goto(base);
      expect(first!.headers()['content-security-policy'] === undefined).toBe(withoutCsp);
      await page.fill('#token', TOKEN);
      await page.click('button[type=submit]');
      await page.waitForSelector('tr.lead-row');

      const leads = (await api<{ leads: { id: number; name: string }[] }>('/api/leads?limit=50')).leads;
      expect(leads.map((l) => l.name).sort()).toEqual([...PAYLOADS].sort());
      const companies = (await api<{ companies: { domain: string }[] }>('/api/companies')).companies;
      const visited: string[] = [];
      const check = async (hash: string, ready: string, then?: () => Promise<void>) => {
        await page.goto(`${base}/${hash}`);
        await page.waitForSelector(ready);
        await then?.();
        await page.waitForTimeout(150);
        expect(await traces(page), hash).toEqual({ pwned: null, injected: 0, badLinks: [] });
        visited.push(hash);
      };

      await check('#/leads', 'tr.lead-row');
      // Every hostile name is on the page, as text.
      expect((await page.locator('tr.lead-row .lead-name').allTextContents()).sort()).toEqual([...PAYLOADS].sort());
      await check(`#/leads?q=${encodeURIComponent(PAYLOADS[0]!)}`, '.leads-page');
      for (const lead of leads) {
        await check(`#/leads/${lead.id}`, '.lead-page .breakdown', async () => {
          // A hash change keeps the document: wait until the page shows this lead, not the one before.
          await page.waitForFunction((name) => document.querySelector('.lead-head h1')?.textContent === name, lead.name);
          // Open every rule's events and every session of the timeline.
          await page.$$eval('button.disclose', (buttons) => buttons.forEach((b) => (b as HTMLButtonElement).click()));
          expect(await page.textContent('.lead-head h1')).toBe(lead.name);
          // The form's field names and values, the track event and the link targets reached the page, as text.
          expect(await page.textContent('.lead-page')).toContain(`${lead.name}`);
          expect((await page.locator('.ev-form .fields').allTextContents()).join(' ')).toContain(lead.name);
        });
      }
      await check('#/funnel', '.funnel-chart', async () => {
        // UTM sources and campaigns are shown by name.
        expect(await page.textContent('main')).toContain(PAYLOADS[1]);
      });
      await check('#/companies', '.companies, .state', async () => {
        await page.$$eval('.companies button.link', (buttons) => buttons.forEach((b) => (b as HTMLButtonElement).click()));
      });
      await check('#/settings', '.snippet code');
      await check('#/backtest', '.backtest-form', async () => {
        await page.click('button.primary');
        await page.waitForSelector('[data-report="ready"]', { timeout: 20_000 });
      });
      await check('#/no-such-page', 'h1');

      expect(companies.length).toBe(PAYLOADS.length);
      // The detector itself: a planted element and link are found.
      await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<a class="pwned" href=" javascript:void 0">x</a>'));
      expect(await traces(page)).toEqual({ pwned: null, injected: 1, badLinks: [' javascript:void 0'] });
      expect(visited.length).toBe(PAYLOADS.length + 7);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
