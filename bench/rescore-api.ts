import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { runLoad, type LoadResult } from './load.js';
import { COLLECTOR_NODE_FLAGS, startNode } from './processes.js';
import type { Dataset } from './dataset.js';

const TOKEN = 'bench-admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

export interface RescoreBench {
  events: number;
  leads: number;
  ms: number;
  eventsPerSecond: number;
  stageChanges: number;
  collectorPeakRssMb: number | null;
}

export interface ApiBench {
  leads: number;
  events: number;
  hotLeads: LoadResult;
  leadPage: LoadResult;
  collectorPeakRssMb: number | null;
}

async function post<T>(port: number, path: string): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: auth });
  if (!res.ok) throw new Error(`POST ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * A collector started on a database whose rules fingerprint differs from its rules (the engine's
 * rules or their defaults changed since the dataset was made) rescores it in the background.
 * Measuring during that would measure the rescore: wait until it is done.
 */
async function untilRulesSettled(port: number, log: (line: string) => void): Promise<void> {
  for (let said = false; ; said = true) {
    const res = await fetch(`http://127.0.0.1:${port}/api/rules`, { headers: auth });
    if (!res.ok) throw new Error(`GET /api/rules → ${res.status}`);
    if (!((await res.json()) as { rescoreDue: boolean }).rescoreDue) return;
    if (!said) log('the scoring rules changed since this database was made: waiting for the collector’s own rescore');
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const collectorEnv = (data: Dataset, dir: string) => ({ KINDLING_DB: data.path, KINDLING_ADMIN_TOKEN: TOKEN, KINDLING_CONFIG: join(dir, 'config.json') });

/** POST /api/rescore on the collector serving the dataset: every lead recomputed from the event log. */
export async function benchRescore(data: Dataset, dir: string, log: (line: string) => void): Promise<RescoreBench> {
  const collector = await startNode('dist/collector/main.js', collectorEnv(data, dir), COLLECTOR_NODE_FLAGS);
  try {
    await untilRulesSettled(collector.port, log);
    const r = await post<{ leads: number; events: number; stageChanges: number; ms: number }>(collector.port, '/api/rescore');
    return { ...r, eventsPerSecond: r.events / (r.ms / 1000), collectorPeakRssMb: collector.peakRssMb() };
  } finally {
    await collector.stop();
  }
}

/**
 * The dashboard's two main reads on a big database: the hot-leads page (first page by current
 * score) and a lead page (detail with breakdown and timeline) for random leads.
 */
/**
 * Reads the database file once so it sits in the OS page cache, as it would on a server that has
 * been running: measured cold, a random lead's first page waits on the disk (~40 ms here) and the
 * percentiles would describe the disk.
 */
function warmPageCache(path: string): void {
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(4 << 20);
  try {
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

export async function benchApi(data: Dataset, dir: string, durationMs: number, log: (line: string) => void): Promise<ApiBench> {
  warmPageCache(data.path);
  const collector = await startNode('dist/collector/main.js', collectorEnv(data, dir), COLLECTOR_NODE_FLAGS);
  try {
    await untilRulesSettled(collector.port, log);
    let seed = 12345;
    const randomLead = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return 1 + (seed % data.leads);
    };
    const hotLeads = await runLoad({ port: collector.port, path: '/api/leads?limit=50', headers: auth, connections: 2, durationMs });
    const leadPage = await runLoad({ port: collector.port, path: () => `/api/leads/${randomLead()}`, headers: auth, connections: 2, durationMs });
    return { leads: data.leads, events: data.events, hotLeads, leadPage, collectorPeakRssMb: collector.peakRssMb() };
  } finally {
    await collector.stop();
  }
}
