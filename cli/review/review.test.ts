import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../collector/paths.js';
import { buildFixture, CURRENT, NOW } from '../../test/support/backtest-fixture.js';
import { dumpDatabase } from '../../collector/store/sqlite/dump.js';

/**
 * The backtest fixture (test/support/backtest-fixture.ts) under its current rules: sales closed
 * four leads on 12 March 2025 (2025Q1): l1 and l6 won, l2 rejected, l3 lost (l4 only accepted).
 * Rules that scored them: l1 pricing, demo, budget-fit · l6 pricing, budget-fit (webinar is not a
 * current rule) · l2 pricing, careers · l3 demo, careers, budget-fit.
 */
let fx: Awaited<ReturnType<typeof buildFixture>>;
beforeAll(async () => {
  fx = await buildFixture();
  execFileSync(process.execPath, ['build.mjs', '--only=review'], { cwd: projectRoot });
});
afterAll(() => fx.cleanup());

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [join(projectRoot, 'dist/cli/review.js'), ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });

describe('npm run review', () => {
  it('prints the quarter as Markdown from the configured database, and writes nothing', () => {
    const configPath = join(dirname(fx.dbPath), 'kindling.config.json');
    writeFileSync(
      configPath,
      JSON.stringify({ sites: [{ key: 'demo', name: 'Demo', origins: ['http://localhost:*'] }], scoring: CURRENT }),
    );
    const before = dumpDatabase(fx.h.db);
    const r = run(['--quarter', '2025Q1', '--now', String(NOW)], { KINDLING_CONFIG: configPath, KINDLING_DB: fx.dbPath });
    expect(r.status, r.stderr).toBe(0);
    const text = r.stdout;
    expect(text).toContain('# Quarterly review 2025Q1');
    expect(text).toContain('Outcomes in the quarter: 2 won, 2 lost or rejected (a lift needs 5 of each).');
    // pricing: 2/2 ÷ 1/2 = 2 · demo: 1/2 ÷ 1/2 = 1 · careers: 0/2 ÷ 2/2 = 0 · budget-fit: 2/2 ÷ 1/2 = 2 — all on too few outcomes.
    expect(text).toContain('| pricing | 2/2 | 1/2 | 2.00 | too few |');
    expect(text).toContain('| demo | 1/2 | 1/2 | 1.00 | too few |');
    expect(text).toContain('| careers | 0/2 | 2/2 | 0.00 | too few |');
    expect(text).toContain('| budget-fit | 2/2 | 1/2 | 2.00 | too few |');
    expect(text).toContain('MQL: score ≥ 50 · SQL: engagement ≥ 120 or high intent');
    expect(text).toMatch(/\| at first sales action \| 2 \|/);
    // Too few outcomes for a lift, two won leads for a threshold: nothing proposed; the backtest shows the rules in force.
    expect(text).toContain('No change proposed');
    expect(text).toContain('| SQL precision | 66.7% | 66.7% |');
    expect(text).toContain('| SQL recall | 66.7% | 66.7% |');
    expect(dumpDatabase(fx.h.db)).toEqual(before);
  });

  it('refuses a missing or malformed quarter with the usage', () => {
    const missing = run([], { KINDLING_DB: fx.dbPath });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--quarter is required');
    const bad = run(['--quarter', '2025-Q1'], { KINDLING_DB: fx.dbPath });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('not a quarter like 2026Q3');
  });
});
