import { join } from 'node:path';
import { loadConfig } from '../collector/config/index.js';
import { demoConfig } from '../collector/config/demo.js';
import { createKindling } from '../collector/kindling.js';
import { hasChromium, launchBrowser, INSTALL_HINT } from '../test/support/browser.js';
import { seedLeads, serveKindling, timeHomeQueries, visitHome } from './dashboard-home.js';

export interface DashboardBench {
  leads: number;
  seedMs: number;
  /** Navigation start → first lead row in the DOM, in headless Chromium, cold page. */
  firstRowsMs: number;
  clickMs: number;
  filterMs: number;
  /** Each list query the home page makes, in process. */
  queriesMs: Record<string, number>;
}

/** The dashboard's home page with `leads` leads: "interactive within a second with 100k leads". */
export async function benchDashboard(dir: string, leads: number, log: (line: string) => void): Promise<DashboardBench> {
  if (!hasChromium) throw new Error(`no Chromium at /usr/bin/chromium (${INSTALL_HINT}): not measured`);
  const token = 'kt_bench_dashboard_token_0123456789';
  const config = loadConfig({
    file: { ...demoConfig, rateLimit: { enabled: false } },
    env: { KINDLING_DB: join(dir, 'dashboard.db'), KINDLING_ADMIN_TOKEN: token },
  });
  const kindling = await createKindling(config, { log: () => {} });
  const served = await serveKindling(kindling);
  const browser = await launchBrowser();
  try {
    log(`dashboard: identifying ${leads.toLocaleString('en-US')} leads through the writer and engine`);
    const seedMs = await seedLeads(kindling, leads);
    const visit = await visitHome(browser, kindling, served.base, token);
    const queries = await timeHomeQueries(kindling, token);
    return {
      leads,
      seedMs,
      firstRowsMs: visit.firstRowsMs,
      clickMs: visit.clickMs,
      filterMs: visit.filterMs,
      queriesMs: Object.fromEntries(Object.entries(queries).map(([path, t]) => [path, t.ms])),
    };
  } finally {
    await browser.close();
    await served.close();
    await kindling.close();
  }
}
