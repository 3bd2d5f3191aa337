import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig } from '../collector/config/index.js';
import { createKindling } from '../collector/kindling.js';
import { openSource } from '../collector/backtest/source.js';
import { runBacktest } from '../collector/backtest/run.js';
import { compileRules } from '../collector/engine/rules/compile.js';
import { dataset } from './dataset.js';

/** CPU time of the whole process (every thread, the rescore worker's too) since `from`: on a shared machine, wall time measures the neighbours. */
const cpuMsSince = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

/**
 * `npm run bench:engine -- rescore`: the bench's rescore dataset (50,000 leads, 1M events), copied
 * aside, rescored in process through the engine (as POST /api/rescore does), then backtested
 * under the same rules twice (current and proposed). Prints events/s (wall and per CPU-second) for both.
 */
export async function benchEngineRescore(scale: number): Promise<void> {
  const log = (line: string) => console.error(`bench: ${line}`);
  const data = await dataset(
    { name: 'rescore', leads: 50_000 * scale, engineEventsPerLead: 4, bulkEventsPerLead: 16, anonymousEvents: 0, days: 60, seed: 1 },
    log,
  );
  const dir = mkdtempSync(join(tmpdir(), 'kindling-rescore-'));
  const path = join(dir, 'rescore.db');
  copyFileSync(data.path, path);
  const config = testConfig({}, { KINDLING_DB: path });
  const k = await createKindling(config, { log: () => {} });
  try {
    await k.writer.flush();
    for (const round of [1, 2]) {
      const cpu = process.cpuUsage();
      const r = await k.engine.rescore();
      const cpuMs = cpuMsSince(cpu);
      console.log(
        `rescore #${round}: ${r.leads} leads, ${r.events} events in ${r.ms} ms (${Math.round((r.events / r.ms) * 1000)} events/s; CPU ${Math.round(cpuMs)} ms, ${Math.round((r.events / cpuMs) * 1000)} events per CPU-second), ${r.stageChanges} changed stage`,
      );
    }
    const rules = compileRules(config.scoring);
    const source = openSource(path);
    try {
      const cpu = process.cpuUsage();
      const report = await runBacktest({ source, current: rules, proposed: rules, now: Date.now() });
      const cpuMs = cpuMsSince(cpu);
      console.log(
        `backtest: ${report.leads} leads, ${report.events} events × 2 rule sets in ${report.ms} ms (${Math.round(((2 * report.events) / report.ms) * 1000)} events/s; ${Math.round(((2 * report.events) / cpuMs) * 1000)} events per CPU-second)`,
      );
    } finally {
      await source.close();
    }
  } finally {
    await k.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
