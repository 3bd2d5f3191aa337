import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig } from '../collector/config/index.js';
import { createKindling } from '../collector/kindling.js';
import { compileRules } from '../collector/engine/rules/compile.js';
import { ACTIVITY_FINGERPRINT_KEY, rebuildAccounts } from '../collector/accounts/rebuild.js';

/**
 * `npm run bench:engine -- rescore accounts [rounds=3]`: the accounts rebuild alone (what a rescore
 * runs after a change of the engagement rules' matches or points), on a copy of the rescored dataset
 * with its activity fingerprint cleared, one writer transaction per round as the engine runs it.
 * Prints the process's CPU and wall per round (the copy is made outside the timing).
 */
export async function benchAccountsRebuild(path: string, rounds: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-accounts-'));
  try {
    const copy = join(dir, 'accounts.db');
    copyFileSync(path, copy);
    const config = testConfig({}, { KINDLING_DB: copy });
    const rules = compileRules(config.scoring);
    const k = await createKindling(config, { log: () => {} });
    try {
      await k.writer.flush();
      for (let round = 1; round <= rounds; round++) {
        await k.writer.transact((tx) => tx.settings.set(ACTIVITY_FINGERPRINT_KEY, 'bench'));
        const cpu = process.cpuUsage();
        const started = performance.now();
        // The longest writer transaction of the rebuild: what ingest waits behind at worst.
        let longest = 0;
        const events = await rebuildAccounts(rules, async (job) => {
          const start = performance.now();
          try {
            return await k.writer.transact(job);
          } finally {
            longest = Math.max(longest, performance.now() - start);
          }
        });
        const ms = performance.now() - started;
        const d = process.cpuUsage(cpu);
        const cpuMs = (d.user + d.system) / 1000;
        console.log(
          `accounts rebuild (round ${round}): ${events} events in ${Math.round(ms)} ms wall, CPU ${Math.round(cpuMs)} ms (${((cpuMs * 1000) / events).toFixed(2)} µs per event), longest writer transaction ${Math.round(longest)} ms; load ${loadavg()[0]!.toFixed(1)}`,
        );
      }
    } finally {
      await k.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
