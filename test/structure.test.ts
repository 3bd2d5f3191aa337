import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../collector/paths.js';
import { importsOf, sourceFiles } from './support/import-graph.js';

/** Every folder holding TypeScript the project owns (tsconfig's include, the root files aside). */
const SOURCE_DIRS = ['snippet', 'collector', 'dashboard', 'test', 'scripts', 'bench', 'cli'];
/** Folders whose non-test code ships (bundled or run by users); test support must never reach them. */
const SHIPPED_DIRS = ['snippet', 'collector', 'dashboard', 'cli', 'scripts'];
const SUPPORT = 'test/support/';
/** Names that mark a test helper: they belong in test/support/, one file per part. */
const HELPER_NAME = /^(testing|test-[a-z-]+|[a-z-]+-test-[a-z-]+|harness|fixtures?)\.tsx?$/;

const isTest = (path: string) => /\.test\.tsx?$/.test(path);
const rel = (file: string) => relative(projectRoot, file);

/** The bare module names a file imports (type-only ones and re-exports included). */
function packagesOf(file: string): string[] {
  return ts
    .preProcessFile(readFileSync(file, 'utf8'), true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((name) => !name.startsWith('.'));
}

const importsVitest = (file: string) => packagesOf(file).some((p) => p === 'vitest' || p.startsWith('vitest/'));

/** Which files break the rule, so a failure names them. */
function offenders(dirs: readonly string[], breaks: (path: string, file: string) => boolean): string[] {
  return sourceFiles(projectRoot, dirs)
    .filter((file) => breaks(rel(file), file))
    .map(rel)
    .sort();
}

describe('one test-support convention (issue 13.5)', () => {
  it('only test files and test/support/ import vitest', () => {
    const found = offenders(SOURCE_DIRS, (path, file) => !isTest(path) && !path.startsWith(SUPPORT) && importsVitest(file));
    expect(found).toEqual([]);
  });

  it('no source file outside test/support/ is named like a test helper', () => {
    expect(offenders(SOURCE_DIRS, (path) => !path.startsWith(SUPPORT) && HELPER_NAME.test(basename(path)))).toEqual([]);
  });

  it('test/ holds only test files and test/support/', () => {
    expect(offenders(['test'], (path) => !isTest(path) && !path.startsWith(SUPPORT))).toEqual([]);
  });

  it('shipped code never imports test/support/', () => {
    const found = offenders(SHIPPED_DIRS, (path, file) => !isTest(path) && importsOf(file).some((f) => rel(f).startsWith(SUPPORT)));
    expect(found).toEqual([]);
  });

  it('bench/, run from the repository, uses only the support files that run outside vitest', () => {
    const found = offenders(
      ['bench'],
      (path, file) => !isTest(path) && importsOf(file).some((f) => rel(f).startsWith(SUPPORT) && importsVitest(f)),
    );
    expect(found).toEqual([]);
  });
});

/** SQL statements and driver calls: what the write side must leave to collector/store/ (issue 14). */
const SQL = /\b(SELECT\s+[\w*]|INSERT\s+INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|BEGIN\s+IMMEDIATE\b)|\.prepare\s*[(<]|\.exec\(\s*['`]/;
const DRIVERS = ['better-sqlite3', 'postgres'];
/** A value import of the SQLite module (a type import of `DB` for the writer's transitional `ctx.db` is not a database call). */
const DB_VALUE_IMPORT = /^import\s+(?!type\b)[^;]*from\s+'[./]*db\/index\.js'/m;

describe('the write side reaches the database only through the storage port (issue 14)', () => {
  it('no SQL, driver or SQLite module call in collector/writer, collector/engine or collector/segment', () => {
    const found = offenders(['collector/writer', 'collector/engine', 'collector/segment'], (path, file) => {
      if (isTest(path)) return false;
      const text = readFileSync(file, 'utf8');
      return SQL.test(text) || DB_VALUE_IMPORT.test(text) || packagesOf(file).some((p) => DRIVERS.includes(p));
    });
    expect(found).toEqual([]);
  });
});
