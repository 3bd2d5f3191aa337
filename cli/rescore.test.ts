import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig } from '../collector/config/index.js';
import { createKindling } from '../collector/kindling.js';
import { events, newEvent } from '../test/support/engine.js';
import { bar, createProgress, progressLine } from './progress.js';
import { DatabaseInUseError, runRescore } from './rescore-run.js';
import { projectRoot } from '../collector/paths.js';

const T0 = Date.UTC(2025, 0, 1);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A database file with three leads scored under the default rules. */
async function seeded(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-'));
  dirs.push(dir);
  const k = await createKindling(testConfig({}, { KINDLING_DB: join(dir, 'k.db') }), { clock: () => T0, log: () => {} });
  await k.writer.write([
    events.form('a', T0, { id: 'demo', fields: { budget: 'yes', timeline: 'now' } }, 'ann@acme.io'),
    events.identify('b', T0, 'bob@beta.io'),
    ...Array.from({ length: 6 }, () => events.view('b', T0, '/pricing', 'pricing')),
    newEvent({ visitorId: 'b', type: 'download', ts: T0, props: { href: 'https://beta.io/datasheet.pdf' } }),
    events.identify('c', T0, 'cat@gmail.com'),
  ]);
  await k.close();
  return dir;
}

/** Stricter rules: SQL needs all four BANT answers; MQL needs a higher score. */
const STRICT = { scoring: { stages: { mql: { score: 90, minEngagement: 20 }, sql: { minBant: 4 } } } };

describe('progress bar', () => {
  it('shows the share done, counts and throughput', () => {
    expect(progressLine(250, 1000, 12000, 2000, 10)).toBe('[███░░░░░░░]  25% 250/1,000 leads · 12,000 events · 6,000 events/s');
    expect(progressLine(0, 0, 0, 0, 4)).toBe('[████] 100% 0/0 leads · 0 events · 0 events/s');
  });
  it('keeps the bar inside its width when the share is out of range', () => {
    expect(bar(1.5, 4)).toBe('[████] 100%');
    expect(bar(-0.2, 4)).toBe('[░░░░]   0%');
    expect(bar(0.999, 10)).toBe('[██████████]  99%');
  });
  it('redraws in place on a terminal and prints one line per tenth elsewhere', () => {
    const tty: string[] = [];
    const p = createProgress({ isTTY: true, write: (t) => tty.push(t) }, () => 0);
    p.update(1, 2, 5);
    p.end();
    expect(tty[0]!.startsWith('\r[')).toBe(true);
    expect(tty[1]).toBe('\n');
    const log: string[] = [];
    const q = createProgress({ isTTY: false, write: (t) => log.push(t) }, () => 0);
    for (let i = 1; i <= 100; i++) q.update(i, 100, i);
    expect(log).toHaveLength(11); // 0%, 10%, … 100%
  });
});

describe('npm run rescore', () => {
  it('recomputes every lead under the configured rules and reports who changed stage', async () => {
    const dir = await seeded();
    const lines: string[] = [];
    const progress: string[] = [];
    const config = testConfig(STRICT, { KINDLING_DB: join(dir, 'k.db') });
    const result = await runRescore(config, { progress: { isTTY: false, write: (t) => progress.push(t) }, report: (l) => lines.push(l) });
    expect(result).toMatchObject({ leads: 3, stageChanges: 2 });
    expect(lines[0]).toMatch(/^Rescored 3 leads from 10 events in \d+ ms/);
    // A database never rebuilt: the accounts' activity is rebuilt from the whole log after the leads, with a line of its own.
    expect(lines[1]).toBe(
      `Rebuilt the accounts' activity from ${result.accountEvents} events (the engagement rules changed since the last rebuild).`,
    );
    expect(result.accountEvents).toBeGreaterThanOrEqual(10);
    expect(lines.slice(2)).toEqual(['2 leads changed stage:', '  #1 ann@acme.io: sql → lead', '  #2 bob@beta.io: mql → lead']);
    expect(progress.some((l) => l.includes('100% 3/3 leads'))).toBe(true);
    expect(progress.at(-1)).toMatch(/^accounts: [\d,]+ events of the log read · [\d,]+ events\/s\n$/);
    // Again under the same rules: nothing changes, and the accounts are not read again.
    const quiet: string[] = [];
    const again = await runRescore(config, { progress: { write: (t) => quiet.push(t) }, report: (l) => quiet.push(l) });
    expect(again.stageChanges).toBe(0);
    expect(quiet).toContain("The accounts' activity is up to date (same engagement rules as its last rebuild).");
    expect(quiet.some((l) => l.startsWith('accounts:'))).toBe(false);
  });

  it('refuses while a collector has the database open, and says what to do instead', async () => {
    const dir = await seeded();
    const config = testConfig(STRICT, { KINDLING_DB: join(dir, 'k.db') });
    const collector = await createKindling(testConfig({}, { KINDLING_DB: join(dir, 'k.db') }), { clock: () => T0, log: () => {} });
    const stages = () => collector.db.prepare('SELECT stage FROM leads ORDER BY id').all();
    const before = stages();
    try {
      const refused = runRescore(config, { progress: { write: () => {} }, report: () => {} });
      await expect(refused).rejects.toThrow(DatabaseInUseError);
      await expect(refused).rejects.toThrow(/a collector \(pid \d+ on .+\) has .*k\.db open\. Stop it .* POST \/api\/rescore/);
      expect(stages()).toEqual(before);
    } finally {
      await collector.close();
    }
    // Stopped: the rescore runs.
    expect((await runRescore(config, { progress: { write: () => {} }, report: () => {} })).stageChanges).toBe(2);
  });

  it('runs as a built command with the collector configuration', async () => {
    const dir = await seeded();
    writeFileSync(join(dir, 'kindling.config.json'), JSON.stringify({ ...testConfigFile(), ...STRICT }));
    execFileSync(process.execPath, ['build.mjs', '--only=rescore'], { cwd: projectRoot });
    const { KINDLING_CONFIG: _unset, ...env } = process.env;
    const run = spawnSync(process.execPath, [join(projectRoot, 'dist/cli/rescore.js')], {
      cwd: dir,
      env: { ...env, KINDLING_DB: join(dir, 'k.db') },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('2 leads changed stage:');
    expect(run.stderr).toContain('100% 3/3 leads');

    // With a collector on the file, the command refuses with EX_TEMPFAIL and a clear message.
    const collector = await createKindling(testConfig({}, { KINDLING_DB: join(dir, 'k.db') }), { log: () => {} });
    try {
      const refused = spawnSync(process.execPath, [join(projectRoot, 'dist/cli/rescore.js')], {
        cwd: dir,
        env: { ...env, KINDLING_DB: join(dir, 'k.db') },
        encoding: 'utf8',
      });
      expect(refused.status).toBe(75);
      expect(refused.stderr).toContain(`kindling: cannot rescore: a collector (pid ${process.pid}`);
      expect(refused.stdout).toBe('');
    } finally {
      await collector.close();
    }
  });
});

function testConfigFile() {
  return { sites: [{ key: 'demo', name: 'Demo', origins: ['http://localhost:*'] }] };
}
