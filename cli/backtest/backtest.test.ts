import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../collector/config/index.js';
import { projectRoot } from '../../collector/paths.js';
import { buildFixture, CURRENT, PROPOSED, NOW } from '../../test/support/backtest-fixture.js';
import { dumpDatabase } from '../../collector/store/sqlite/dump.js';
import { backtestCli, parseCli, UsageError } from './main.js';
import { table } from './format.js';

let fx: Awaited<ReturnType<typeof buildFixture>>;
let rulesPath: string;
beforeAll(async () => {
  fx = await buildFixture();
  rulesPath = join(dirname(fx.dbPath), 'proposed.jsonc');
  writeFileSync(rulesPath, `// tuned after the Q1 review\n${JSON.stringify(PROPOSED, null, 2)}`);
});
afterAll(() => fx.cleanup());

/** A stream that keeps what is written (isTTY false: the progress bar prints lines). */
function capture(): NodeJS.WriteStream & { text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream & { text: () => string };
  stream.text = () => text;
  return stream;
}

describe('npm run backtest', () => {
  it('prints the comparison as tables, progress on stderr, and writes nothing', async () => {
    const before = dumpDatabase(fx.h.db);
    const out = capture();
    const err = capture();
    await backtestCli(
      ['--rules', rulesPath, '--db', fx.dbPath, '--now', new Date(NOW).toISOString()],
      { out, err },
      testConfig({ scoring: CURRENT }),
    );
    const text = out.text();
    expect(text).toContain('Backtest of proposed.jsonc against the current rules');
    expect(text).toContain('6 leads, 24 events');
    expect(text).toMatch(/SQL now\s+3\s+2\s+−1/);
    expect(text).toMatch(/alerts \(into SQL\)\s+3\s+2\s+−1/);
    expect(text).toMatch(/SQL precision\s+66\.7%\s+100\.0%\s+\+33\.3 pt/);
    expect(text).toMatch(/2025-W10\s+2\s+1/);
    expect(text).toMatch(/webinar\s+2\s+2\s+0\s+100\.0%\s+1\.67\s+new/);
    expect(text).toMatch(/careers\s+2\s+0\s+2\s+0\.0%\s+0\.00\s+0\.00/);
    expect(text).toContain('Leads that change band (5)');
    expect(text).toMatch(/l6@zeta\.io\s+lead\s+SQL/);
    expect(err.text()).toMatch(/\[█{30}\] 100% 6\/6 leads · 24 events/);
    expect(dumpDatabase(fx.h.db)).toEqual(before);
  });

  it('--json prints the report as JSON', async () => {
    const out = capture();
    await backtestCli(
      ['--rules', rulesPath, '--db', fx.dbPath, '--now', String(NOW), '--json'],
      { out, err: capture() },
      testConfig({ scoring: CURRENT }),
    );
    expect(JSON.parse(out.text())).toMatchObject({ leads: 6, proposed: { counts: { sql: 2 } } });
  });

  it('refuses bad arguments and bad rules with a message', async () => {
    const config = testConfig();
    expect(() => parseCli([], config)).toThrow(/--rules is required/);
    expect(() => parseCli(['--rules', 'x.json', '--now', 'someday'], config)).toThrow(/--now: not a date/);
    expect(() => parseCli(['--rules', 'x.json'], config)).toThrow(/in-memory database/);
    expect(() => parseCli(['--rules', 'x.json', '--bogus'], config)).toThrow();
    const bad = join(dirname(fx.dbPath), 'bad.json');
    writeFileSync(bad, JSON.stringify({ halfLifeDays: 0, engagementRules: [{ id: 'X' }] }));
    const attempt = backtestCli(['--rules', bad, '--db', fx.dbPath], { out: capture(), err: capture() }, config);
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(backtestCli(['--rules', bad, '--db', fx.dbPath], { out: capture(), err: capture() }, config)).rejects.toThrow(
      /halfLifeDays: .*\n.*engagementRules\.0/s,
    );
  });

  it('runs as the built program against a configured database', () => {
    execFileSync(process.execPath, ['build.mjs', '--only=backtest'], { cwd: projectRoot });
    const configPath = join(dirname(fx.dbPath), 'kindling.config.json');
    writeFileSync(
      configPath,
      JSON.stringify({ sites: [{ key: 'demo', name: 'Demo', origins: ['http://localhost:*'] }], scoring: CURRENT }),
    );
    const run = spawnSync(process.execPath, [join(projectRoot, 'dist/cli/backtest.js'), '--rules', rulesPath, '--now', String(NOW)], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', KINDLING_CONFIG: configPath, KINDLING_DB: fx.dbPath },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/SQL recall\s+66\.7%\s+66\.7%/);
    const usage = spawnSync(process.execPath, [join(projectRoot, 'dist/cli/backtest.js')], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', KINDLING_DB: fx.dbPath },
      encoding: 'utf8',
    });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--rules is required');
  });
});

describe('tables', () => {
  it('pads columns and right-aligns numbers', () => {
    expect(
      table(
        ['rule', 'leads'],
        [
          ['pricing', '4'],
          ['demo', '12'],
        ],
      ),
    ).toBe(['  rule     leads', '  ───────  ─────', '  pricing      4', '  demo        12'].join('\n'));
  });
});
