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
    let app: Buffer;
    let chunks: Buffer[];
    beforeAll(() => {
      execFileSync(process.execPath, ['build.mjs', '--only=dashboard'], { cwd: projectRoot });
      const dir = join(projectRoot, 'dist/dashboard');
      app = readFileSync(join(dir, 'app.js'));
      chunks = readdirSync(dir)
        .filter((n) => /^chunk-.*\.js$/.test(n))
        .map((n) => readFileSync(join(dir, n)));
    }, 60_000);
    /** Stated sizes are rounded: within 10% of the build is current. */
    const near = (stated: number, actual: number) =>
      expect(Math.abs(stated - actual) / actual, `stated ${stated} KB, built ${actual.toFixed(1)} KB`).toBeLessThanOrEqual(0.1);

    it('the home page script size stated in the README and ARCHITECTURE is the built one', () => {
      const readme = README.match(/The home page loads one ~(\d+) KB script\s+\(≈ (\d+) KB gzipped\)/)!;
      near(Number(readme[1]), kb(app.length));
      near(Number(readme[2]), kb(gzipSync(app, { level: 9 }).length));
      near(Number(ARCHITECTURE.match(/the home page runs on ~(\d+) KB of script/)![1]), kb(app.length));
    });

    it('the chart chunk size stated in ARCHITECTURE is the built one', () => {
      expect(chunks).toHaveLength(1);
      near(Number(ARCHITECTURE.match(/esbuild splits uPlot \((\d+) KB\)/)![1]), kb(chunks[0]!.length));
    });
  });
});
