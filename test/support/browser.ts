import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Browser tests: the system Chromium, driven by playwright-core. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);
export const INSTALL_HINT = 'apt-get update && apt-get install -y chromium';

/** A desktop Chrome user agent, for tests whose visits must count as human (HeadlessChrome is a bot). */
export const HUMAN_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/**
 * True when browser tests should run. Without Chromium they skip loudly, except under CI=true,
 * where a missing browser is a failure (the caller's first test asserts `hasChromium`).
 */
export function browserTestsEnabled(suite: string): boolean {
  if (hasChromium) return true;
  if (process.env.CI === 'true') return true; // run, and fail on the missing browser
  console.warn(`\n*** SKIPPING browser tests in ${suite}: no Chromium at ${CHROMIUM_PATH}. Install it: ${INSTALL_HINT} ***\n`);
  return false;
}

/**
 * `userAgent` sets the browser-wide user agent (--user-agent). A context's userAgent option does not
 * reach requests made by navigator.sendBeacon, which then say HeadlessChrome: tests whose beacons
 * must count as human pass HUMAN_USER_AGENT here too.
 */
export async function launchBrowser(options: { userAgent?: string } = {}): Promise<Browser> {
  if (!hasChromium) throw new Error(`Chromium is required at ${CHROMIUM_PATH} (CI=true). Install it: ${INSTALL_HINT}`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(options.userAgent ? [`--user-agent=${options.userAgent}`] : []),
    ],
  });
}

/**
 * Fills the demo site's demo-request form as a strong buyer (budget approved, decision maker, a
 * need, within 90 days): enough to make the person an SQL. The page must be on demo-request.html.
 */
export async function fillDemoRequest(page: Page, email: string): Promise<void> {
  await page.fill('#demo-request input[name=name]', 'Dana Whitfield');
  await page.fill('#demo-request input[name=email]', email);
  await page.fill('#demo-request input[name=title]', 'VP Finance');
  await page.fill('#demo-request input[name=company]', 'Northwind Logistics');
  await page.selectOption('#demo-request select[name=company_size]', '201-1000');
  await page.selectOption('#demo-request select[name=country]', 'US');
  await page.selectOption('#demo-request select[name=budget]', 'approved');
  await page.selectOption('#demo-request select[name=authority]', 'decision-maker');
  await page.selectOption('#demo-request select[name=need]', 'replace-current-tool');
  await page.selectOption('#demo-request select[name=timeline]', 'within 90 days');
}

/** A collector's app served on a free loopback port for a browser: its base URL and how to stop it. */
export interface Served {
  base: string;
  close(): Promise<void>;
}

export async function serveOnLoopback(fetch: (request: Request) => Response | Promise<Response>): Promise<Served> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      // Open event streams (the dashboard's live feed) would keep close() waiting.
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
