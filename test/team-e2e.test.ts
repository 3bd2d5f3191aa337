import { execFileSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../collector/paths.js';
import { browserTestsEnabled, hasChromium, launchBrowser, serveOnLoopback, type Served } from './support/browser.js';
import { startTestKindling } from './support/kindling.js';
import { addUser, TEST_PASSWORD } from './support/team.js';

/** Sign-in by email and password in a real browser against a real collector. */
const enabled = browserTestsEnabled('team-e2e');

describe.skipIf(!enabled)('password sign-in in a real browser', () => {
  let kindling: Awaited<ReturnType<typeof startTestKindling>>;
  let server: Served | undefined;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    expect(hasChromium, 'Chromium is required for browser tests').toBe(true);
    execFileSync(process.execPath, ['build.mjs', '--only=dashboard'], { cwd: projectRoot, stdio: 'inherit' });
    kindling = await startTestKindling();
    await addUser(kindling, 'rep@example.com', 'sales');
    server = await serveOnLoopback(kindling.app.fetch);
    base = server.base;
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    kindling?.closeStreams();
    await server?.close();
    await kindling?.cleanup();
  });

  it('refuses a wrong password, signs in with the right one into an HttpOnly session bound to the user', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base);
    await page.waitForSelector('#email');
    await page.fill('#email', 'rep@example.com');
    await page.fill('#password', 'not my password at all');
    await page.click('button[type=submit]');
    await page.waitForSelector('.form-error');
    expect(await page.textContent('.form-error')).toContain('Wrong email or password');

    await page.fill('#password', TEST_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('.topbar');
    const session = (await context.cookies()).find((c) => c.name === 'kindling_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('kindling_session');
    const me = await page.evaluate(async () => (await fetch('/api/me')).json());
    expect(me).toMatchObject({ kind: 'user', user: { email: 'rep@example.com', role: 'sales' } });
    // A sales user's browser is refused the admin's routes by the server, whatever the page shows.
    expect(await page.evaluate(async () => (await fetch('/api/users')).status)).toBe(403);
    await context.close();
  });
});
