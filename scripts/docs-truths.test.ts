import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../collector/paths.js';
import { DEFAULT_ENGAGEMENT_RULES, DEFAULT_FIT_RULES } from '../collector/engine/rules/defaults.js';

/** Facts the docs state about the code, checked against it so they cannot go stale silently. */
const read = (path: string) => readFileSync(join(projectRoot, path), 'utf8');
const README = read('README.md');
const ARCHITECTURE = read('docs/ARCHITECTURE.md');

describe('docs tell the truth', () => {
  it('every rule id in the README and the example config names a rule that exists', () => {
    const ids = new Set([...DEFAULT_ENGAGEMENT_RULES, ...DEFAULT_FIT_RULES].map((r) => r.id));
    const named = [
      ...README.matchAll(/"ruleId": "([^"]+)"/g),
      ...read('kindling.config.example.jsonc').matchAll(/"ruleId": "([^"]+)"/g),
    ].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(0);
    for (const id of named) expect(ids, `rule "${id}"`).toContain(id);
  });

  describe('dashboard bundle sizes', () => {
    const kb = (bytes: number) => bytes / 1000;
    const dir = join(projectRoot, 'dist/dashboard');
    /** The home page's script: app.js and the chunks index.html preloads (what app.js imports statically). */
    let home: Buffer[];
    /** The other chunks: loaded by dynamic import (the chart library, the rarely used pages). */
    let lazy: { name: string; code: Buffer }[];
    beforeAll(() => {
      execFileSync(process.execPath, ['build.mjs', '--only=dashboard'], { cwd: projectRoot });
      const preloaded = [...readFileSync(join(dir, 'index.html'), 'utf8').matchAll(/rel="modulepreload" href="([^"]+)"/g)].map(
        (m) => m[1]!,
      );
      home = ['app.js', ...preloaded].map((n) => readFileSync(join(dir, n)));
      lazy = readdirSync(dir)
        .filter((n) => /^chunk-.*\.js$/.test(n) && !preloaded.includes(n))
        .map((name) => ({ name, code: readFileSync(join(dir, name)) }));
    }, 60_000);
    /** Stated sizes are rounded: within 10% of the build is current. */
    const near = (stated: number, actual: number) =>
      expect(Math.abs(stated - actual) / actual, `stated ${stated} KB, built ${actual.toFixed(1)} KB`).toBeLessThanOrEqual(0.1);
    const total = (files: Buffer[]) => files.reduce((sum, f) => sum + f.length, 0);

    it('the home page script size stated in the README and ARCHITECTURE is the built one', () => {
      const readme = README.match(/The home page loads ~(\d+) KB of script\s+\(≈ (\d+) KB gzipped\)/)!;
      near(Number(readme[1]), kb(total(home)));
      near(Number(readme[2]), kb(total(home.map((f) => gzipSync(f, { level: 9 })))));
      near(Number(ARCHITECTURE.match(/the home page runs on ~(\d+) KB of script/)![1]), kb(total(home)));
    });

    it('the chart chunk and the lazily loaded pages are out of the home script, at the sizes ARCHITECTURE states', () => {
      const chart = lazy.filter((c) => c.code.includes('u-legend'));
      expect(chart).toHaveLength(1);
      near(Number(ARCHITECTURE.match(/esbuild splits uPlot \((\d+) KB\)/)![1]), kb(chart[0]!.code.length));
      // Text only each rarely used page renders: none of it is in the home script.
      const homeText = Buffer.concat(home).toString('utf8');
      for (const marker of ['Create key', 'Rescore all leads', 'My Slack incoming webhook', 'Rule lift'])
        expect(homeText, marker).not.toContain(marker);
      const pages = lazy.filter((c) => c !== chart[0]);
      near(Number(ARCHITECTURE.match(/The rarely used pages load on demand \(~(\d+) KB/)![1]), kb(total(pages.map((p) => p.code))));
    });
  });
});
