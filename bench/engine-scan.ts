import { loadavg } from 'node:os';
import { testConfig } from '../collector/config/index.js';
import { compileRules } from '../collector/engine/rules/compile.js';
import { createScan } from '../collector/engine/rescore/scan.js';
import { openSqliteSnapshot } from '../collector/store/sqlite/backtest-source.js';
import { readRankEpoch } from '../collector/store/sqlite/rank-epoch.js';
import { createInputReader } from '../collector/store/sqlite/rescore-inputs.js';

/**
 * `npm run bench:engine -- rescore scan`: the rescore worker's side alone, in process on one
 * thread — read each chunk of leads, replay it, compare with the stored rows — over the whole
 * dataset (or its first `maxLeads` leads, whole chunks: short enough for callgrind), `rounds` times.
 * No writer and no main thread: what one worker costs per event.
 */
export function benchEngineScan(path: string, rounds: number, chunkLeads = 500, maxLeads = Number.POSITIVE_INFINITY): void {
  const scoring = testConfig({}, { KINDLING_DB: path }).scoring;
  const rules = compileRules(scoring);
  for (let round = 1; round <= rounds; round++) {
    const snapshot = openSqliteSnapshot(path);
    try {
      const inputs = createInputReader(snapshot.db);
      const scan = createScan(
        { inputs: (after, limit) => inputs.chunk(after, limit), rankEpoch: readRankEpoch(snapshot.db) },
        rules,
        Date.now(),
        Date.now(),
      );
      const cpu = process.cpuUsage();
      const started = performance.now();
      let events = 0;
      let changed = 0;
      let leads = 0;
      for (let after = 0; ;) {
        const chunk = scan.chunk(after, chunkLeads);
        events += chunk.events;
        changed += chunk.changed.length;
        leads += chunk.leads;
        if (chunk.leads < chunkLeads || leads >= maxLeads) break;
        after = chunk.after;
      }
      const ms = performance.now() - started;
      const d = process.cpuUsage(cpu);
      const cpuMs = (d.user + d.system) / 1000;
      console.log(
        `scan (round ${round}): ${events} events in ${Math.round(ms)} ms (${Math.round((events / ms) * 1000)} events/s; CPU ${Math.round(cpuMs)} ms, ${Math.round((events / cpuMs) * 1000)} events per CPU-second, ${((cpuMs * 1000) / events).toFixed(2)} µs CPU per event), ${changed} leads changed; load ${loadavg()[0]!.toFixed(1)}`,
      );
    } finally {
      snapshot.close();
    }
  }
}
