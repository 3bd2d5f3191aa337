/**
 * Issue 16 end to end, in Chromium: three browsers from one business network (the collector trusts the
 * proxy header each browser context sends, as behind a load balancer) view pricing on the demo site;
 * nobody fills a form. The account surges, the signed webhook arrives at a local receiver, and the
 * dashboard's Companies page shows the company by name, matched by its network.
 */
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../collector/paths.js';
import { verify } from '../collector/alerts/signature/index.js';
import { browserTestsEnabled, hasChromium, HUMAN_USER_AGENT, launchBrowser } from './support/browser.js';
import { startTestKindling } from './support/kindling.js';
import { startReceiver, type Receiver } from './support/alerts.js';
import { FIXTURE_NETWORKS, fixtureDatabaseFiles } from './support/network-fixture.js';

const enabled = browserTestsEnabled('accounts-e2e');
const TOKEN = 'kt_accounts_e2e_token_0123456789';
const SECRET = 'whsec_' + Buffer.from('accounts-e2e-secret-0123456789ab').toString('base64');

describe.runIf(enabled)('a buying committee that never fills a form', () => {
  let k: Awaited<ReturnType<typeof startTestKindling>>;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  let receiver: Receiver;

  beforeAll(async () => {
    expect(hasChromium).toBe(true);
    execFileSync(process.execPath, ['build.mjs', '--only=snippet,dashboard'], { cwd: projectRoot, stdio: 'inherit' });
    receiver = await startReceiver();
    k = await startTestKindling(
      {
        server: { trustProxy: true } as never,
        accounts: fixtureDatabaseFiles() as never,
        webhooks: {
          allowPrivateTargets: 'loopback',
          endpoints: [{ url: `${receiver.url}/sales`, secret: SECRET, events: ['account.surging'] }],
        },
      },
      { env: { KINDLING_ADMIN_TOKEN: TOKEN } },
    );
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: k.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser({ userAgent: HUMAN_USER_AGENT });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await k?.cleanup();
    await receiver?.close();
  });

  it(
    'three colleagues view pricing; the account surges, the webhook arrives, the Companies page shows it',
    { timeout: 90_000 },
    async () => {
      for (const host of [7, 8, 9]) {
        const context = await browser.newContext({
          userAgent: HUMAN_USER_AGENT,
          extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${host}` },
        });
        const page = await context.newPage();
        await page.goto(`${base}/demo/`);
        await Promise.all([page.waitForLoadState('load'), page.click('a[href="pricing.html"]')]);
        await page.waitForTimeout(300);
        await context.close(); // the snippet flushes on page hide
      }
      await receiver.waitFor(1, 15_000);
      const delivery = receiver.received[0]!;
      const body = JSON.parse(delivery.body);
      expect(body).toMatchObject({
        type: 'account.surging',
        account: { name: FIXTURE_NETWORKS.business.org, match: 'network', country: 'DE' },
        figures: { people: 0, anonymous: 3, activeMembers: 3 },
      });
      expect(verify(SECRET, delivery.headers as Record<string, string>, delivery.body)).toBe(body.id);

      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(base);
      await page.fill('#token', TOKEN);
      await page.click('button[type=submit]');
      await page.waitForSelector('.topbar');
      await page.goto(`${base}/#/companies`);
      const row = page.locator('tr[data-account="n:64500"]');
      await row.waitFor();
      expect(await row.locator('.company-name').textContent()).toBe('Siemens AG');
      expect(await row.locator('.sub').textContent()).toContain('network of Siemens AG');
      expect(await row.locator('[data-label="Stage"]').textContent()).toBe('surging');
      await row.locator('a').click();
      await page.waitForSelector('.account-anonymous');
      expect(await page.locator('.account-anonymous tbody tr').count()).toBe(3);
      await context.close();
    },
  );
});
