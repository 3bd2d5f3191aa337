import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../collector/paths.js';
import { sourceFiles } from './support/import-graph.js';
import {
  DIRECT_STORE,
  kitTestFiles,
  OWN_STORE_TABLE,
  postgresProjectFiles,
  postgresProjects,
  SQLITE_ONLY,
  TEST_DIRS,
} from './support/store-suite.js';

/**
 * Issue 14.6: the suite runs on SQLite and again on PostgreSQL. Which files run twice is computed
 * (test/support/store-suite.ts); these checks keep the computation and its exceptions honest.
 */
const text = (path: string) => readFileSync(join(projectRoot, path), 'utf8');
const testFiles = () =>
  sourceFiles(projectRoot, TEST_DIRS)
    .map((f) => relative(projectRoot, f))
    .filter((p) => /\.test\.tsx?$/.test(p));
/** Where stores are made and tested by their own behaviour tables. */
const STORE_HOMES = ['collector/store/', 'collector/db/'];

describe('tests on both stores (issue 14.6)', () => {
  it('every SQLite-only file exists, says why, and starts a kit or opens a store (no stale entries)', () => {
    const kits = new Set(kitTestFiles(projectRoot));
    const stale = Object.entries(SQLITE_ONLY).filter(
      ([path, why]) => !existsSync(join(projectRoot, path)) || why.trim().length < 10 || !(kits.has(path) || DIRECT_STORE.test(text(path))),
    );
    expect(stale).toEqual([]);
  });

  it('no test opens a collector or a store around the kits without a behaviour table on both stores or a reason', () => {
    const kits = new Set(kitTestFiles(projectRoot));
    const around = testFiles().filter(
      (path) =>
        !STORE_HOMES.some((home) => path.startsWith(home)) &&
        DIRECT_STORE.test(text(path)) &&
        !kits.has(path) &&
        !OWN_STORE_TABLE.test(text(path)) &&
        !(path in SQLITE_ONLY),
    );
    expect(around).toEqual([]);
  });

  it('the postgres project runs the rescore property and the kit tests, and no file there reads a SQLite connection', () => {
    const files = postgresProjectFiles(projectRoot);
    expect(files).toEqual(expect.arrayContaining(['collector/engine/rescore/replay.property.test.ts', 'collector/ingest/index.test.ts']));
    for (const path of Object.keys(SQLITE_ONLY)) expect(files).not.toContain(path);
    // A raw SQLite read throws on PostgreSQL: such files read through test/support/query.ts instead.
    expect(files.filter((path) => /\.db\s*\.\s*prepare\s*[<(]|\bdumpDatabase\(|\b(k|h|kindling|harness)\.db\b/.test(text(path)))).toEqual(
      [],
    );
  });
});

describe('without PostgreSQL (issue 14.6)', () => {
  const project = (installed: boolean, ci: boolean) => {
    const warned: string[] = [];
    const projects = postgresProjects({ installed, ci, root: projectRoot, warn: (m) => warned.push(m) });
    return { names: projects.map((p) => p.test.name), warned };
  };

  it('runs the SQLite half only and says loudly how to install it', () => {
    const { names, warned } = project(false, false);
    expect(names).toEqual([]);
    expect(warned).toEqual([expect.stringMatching(/\*\*\* PostgreSQL 15 is not installed.*SKIPPED.*apt-get install -y postgresql/)]);
  });

  it('keeps the postgres project under CI=true, whose kits then fail on the missing server', () => {
    expect(project(false, true)).toEqual({ names: ['postgres'], warned: [] });
    expect(project(true, false)).toEqual({ names: ['postgres'], warned: [] });
  });
});
