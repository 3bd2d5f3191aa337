import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../collector/paths.js';
import { sourceFiles } from './support/import-graph.js';

/**
 * Issue 14.1: no SQL outside the store modules. Shipped code reaches the database only through the
 * storage port; SQL text and driver calls live in collector/store/ (and the SQLite file's opening
 * and migrations in collector/db/).
 */
const STORE_DIRS = ['collector/store/', 'collector/db/'];
/** What marks a line as SQL or a direct driver call. */
const SQL_MARKERS = [
  /\b(SELECT\s+[\w*(]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX)|BEGIN\s+IMMEDIATE)\b/,
  /\.prepare\s*[<(]/,
  /\bnew\s+Database\s*\(/,
  /\bsql`/,
  /\.unsafe\s*\(/,
];

describe('SQL lives in the store modules (issue 14.1)', () => {
  it('no shipped file outside collector/store and collector/db holds SQL or calls a driver', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(projectRoot, ['collector', 'cli'])) {
      const path = relative(projectRoot, file);
      if (/\.test\.tsx?$/.test(path) || STORE_DIRS.some((d) => path.startsWith(d))) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (SQL_MARKERS.some((m) => m.test(line))) offenders.push(`${path}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
