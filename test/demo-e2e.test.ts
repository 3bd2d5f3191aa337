/**
 * The README's one-minute demo, in a real browser: click through the demo site served by the
 * collector at /demo/ (with the real snippet from /k.js), subscribe, view pricing twice, request a
 * demo with BANT answers — and the lead API shows the visitor become a lead, then an SQL, with the
 * whole visit attributed. A job seeker on the same site stays a poor fit.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../collector/paths.js';
import { browserTestsEnabled, fillDemoRequest, hasChromium, HUMAN_USER_AGENT, launchBrowser } from './support/browser.js';
import { startTestKindling } from './support/kindling.js';
import { count } from './support/query.js';

const enabled = browserTestsEnabled('demo-e2e');
const shots = join(projectRoot, 'test-output', 'demo');

interface LeadItem {
  id: number;
  email: string;
  stage: string;
  title: string | null;
  company: string | null;
  topReason: string | null;
}

describe.runIf(enabled)('the demo site in a browser', () => {
  let k: Awaited<ReturnType<typeof startTestKindling>>;
  let server: ServerType;
  let base: string;
  let browser: Browser;

  const api = async <T>(path: string): Promise<T> => {
    const res = await k.app.request(path, { headers: { authorization: `Bearer ${k.adminToken}` } });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
  const leadByEmail = async (email: string) =>
    (await api<{ leads: LeadItem[] }>(`/api/leads?q=${encodeURIComponent(email)}`)).leads.find((l) => l.email === email);
  async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  const visit = async (page: Page, link: string) => {
    await Promise.all([page.waitForLoadState('load'), page.click(link)]);
    await page.waitForTimeout(300); // the snippet flushes its page view on a short timer
  };

  beforeAll(async () => {
    expect(hasChromium).toBe(true); // under CI=true a missing browser fails here
    execFileSync(process.execPath, ['build.mjs', '--only=snippet'], { cwd: projectRoot, stdio: 'inherit' });
    mkdirSync(shots, { recursive: true });
    k = await startTestKindling();
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: k.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
    });
    base = `http://127.0.0.1:${port}`;
    browser = await launchBrowser({ userAgent: HUMAN_USER_AGENT }); // beacons too must count as human
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await k?.cleanup();
  });

  it('a buyer clicks through, subscribes, views pricing twice, requests a demo, and becomes an SQL', async () => {
    const context = await browser.newContext({ userAgent: HUMAN_USER_AGENT, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const email = 'dana.whitfield@northwind-logistics.example';

    await page.goto(`${base}/demo/`);
    await page.screenshot({ path: join(shots, 'home.png') });
    await visit(page, 'nav >> text=Product');
    await visit(page, 'nav >> text=Pricing');
    await visit(page, 'nav >> text=Docs');
    await visit(page, 'nav >> text=Pricing');
    // Anonymous so far: events are stored, nobody is a lead.
    await until('the anonymous page views', async () => (await count(k, 'events', "page_class = 'pricing'")) >= 2);
    expect(await leadByEmail(email)).toBeUndefined();

    await page.fill('#newsletter input[name=email]', email);
    await Promise.all([page.waitForURL('**/demo/thanks.html'), page.click('#newsletter button')]);
    const lead = await until('the newsletter sign-up to make a lead', () => leadByEmail(email));
    expect(['lead', 'mql']).toContain(lead.stage);

    await page.goto(`${base}/demo/demo-request.html`);
    await fillDemoRequest(page, email);
    await page.screenshot({ path: join(shots, 'demo-request.png'), fullPage: true });
    await Promise.all([page.waitForURL('**/demo/thanks.html'), page.click('#demo-request button[type=submit]')]);

    const sql = await until('the demo request to make an SQL', async () => {
      const l = await leadByEmail(email);
      return l?.stage === 'sql' ? l : undefined;
    });
    expect(sql).toMatchObject({ title: 'VP Finance', company: 'Northwind Logistics' });
    expect(sql.topReason).toBeTruthy();
    const detail = await api<{
      lead: { traits: Record<string, { value: unknown }> };
      sessions: { events: { type: string; pageClass: string | null }[] }[];
    }>(`/api/leads/${sql.id}`);
    expect(detail.lead.traits.timeline?.value).toBe('within 90 days');
    const events = detail.sessions.flatMap((s) => s.events);
    // The anonymous visit before the sign-up is part of the lead's history now.
    expect(events.filter((e) => e.type === 'pageview' && e.pageClass === 'pricing').length).toBeGreaterThanOrEqual(2);
    expect(events.some((e) => e.type === 'form')).toBe(true);
    await context.close();
  }, 90_000);

  it('a job seeker applies from the careers page with a free-mail address and is a poor fit', async () => {
    const context = await browser.newContext({ userAgent: HUMAN_USER_AGENT });
    const page = await context.newPage();
    const email = 'sam.jobhunter@gmail.com';
    await page.goto(`${base}/demo/careers.html`);
    await page.fill('#talent-community input[name=name]', 'Sam Hunter');
    await page.fill('#talent-community input[name=email]', email);
    await Promise.all([page.waitForURL('**/demo/thanks.html'), page.click('#talent-community button[type=submit]')]);
    const lead = await until('the application to make a lead', () => leadByEmail(email));
    expect(lead.stage).toBe('lead');
    const detail = await api<{ score: { fit: number; breakdown: { ruleId: string }[] } }>(`/api/leads/${lead.id}`);
    expect(detail.score.fit).toBeLessThan(0);
    expect(detail.score.breakdown.map((b) => b.ruleId)).toEqual(expect.arrayContaining(['careers-view', 'free-mail']));
    await context.close();
  }, 60_000);
});
