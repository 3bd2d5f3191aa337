import { execFileSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../collector/paths.js';
import { browserTestsEnabled, hasChromium, launchBrowser, serveOnLoopback, type Served } from './support/browser.js';
import { startTestKindling } from './support/kindling.js';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp.js';
import { addUser, TEST_PASSWORD } from './support/team.js';

/** A forgotten password reset in a real browser, by a link sent through a real SMTP server. */
const enabled = browserTestsEnabled('password-e2e');
const NEW_PASSWORD = 'Copper lantern 42 meadows';

describe.skipIf(!enabled)('password reset in a real browser', () => {
  let kindling: Awaited<ReturnType<typeof startTestKindling>>;
  let smtp: TestSmtpServer;
  let server: Served | undefined;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    expect(hasChromium, 'Chromium is required for browser tests').toBe(true);
    execFileSync(process.execPath, ['build.mjs', '--only=dashboard'], { cwd: projectRoot, stdio: 'inherit' });
    smtp = await startTestSmtpServer();
    kindling = await startTestKindling({ smtp: { host: '127.0.0.1', port: smtp.port, from: 'Kindling <kindling@test.example>' } } as never);
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
    await smtp?.close();
  });

  it(
    'asks for a link from the sign-in form, opens the emailed link, sets a new password and signs in with it',
    { timeout: 90_000 },
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(base);
      await page.click('a.forgot-link');
      await page.fill('#forgot-email', 'rep@example.com');
      await page.click('button[type=submit]');
      await page.waitForSelector('[role=status], [role=alert]');
      expect(await page.textContent('main')).toContain('If this address has an account');

      const mail = await smtp.waitFor((m) => m.to.includes('rep@example.com'));
      expect(mail.subject).toBe('Reset your Kindling password');
      // The link names the configured public URL; the test's server listens elsewhere, so only its hash is kept.
      const hash = mail.text.match(/\/(#\/reset\?token=[\w-]+)/)![1]!;
      await page.goto(`${base}/${hash}`);
      await page.fill('#new-password', NEW_PASSWORD);
      await page.fill('#new-password-again', NEW_PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForSelector('.topbar, [role=alert]');
      expect(await page.textContent('body')).not.toContain('used or expired');
      expect(await page.evaluate(async () => (await (await fetch('/api/me')).json()) as unknown)).toMatchObject({
        kind: 'user',
        user: { email: 'rep@example.com' },
      });

      await page.click('.topbar-end button');
      await page.waitForSelector('#email');
      await page.fill('#email', 'rep@example.com');
      await page.fill('#password', TEST_PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForSelector('.form-error');
      expect(await page.textContent('.form-error')).toContain('Wrong email or password');
      await page.fill('#password', NEW_PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForSelector('.topbar');
      await context.close();
    },
  );
});
