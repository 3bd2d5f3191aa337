import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../collector/paths.js';

/** docs/ARCHITECTURE.md checked against the tree (issue 13.9), so its code map and file names cannot go stale. */
const ARCHITECTURE = readFileSync(join(projectRoot, 'docs/ARCHITECTURE.md'), 'utf8');
/** What is not the project's own: version control, and the names .gitignore keeps out (dependencies, build and test output). */
const SKIPPED = new Set([
  '.git',
  ...readFileSync(join(projectRoot, '.gitignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim().replace(/\/$/, ''))
    .filter((name) => name && !name.startsWith('#') && !/[*?[!/]/.test(name)),
]);
/** Every file of the working tree, relative to the project root (a walk, so new files count before they are committed). */
function projectFiles(dir = projectRoot): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED.has(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? projectFiles(path) : [relative(projectRoot, path)];
  });
}
const FILES = projectFiles();
/** Extensions of files the repository holds; `.js` names are bundles (`k.js`), built rather than kept. */
const FILE = /\.(ts|tsx|mjs|md|json|jsonc|html|css|pdf)$/;
/** Build and run output: named by the docs, absent from a fresh checkout. */
const GENERATED = ['dist/', 'data/'];

/**
 * Backticked tokens that read as a repository path: a folder (`writer/`) or a file with an extension.
 * Routes (`/e`), globs, hash routes and anything with spaces or placeholders are not paths.
 */
function pathsNamed(text: string): string[] {
  const tokens = [...text.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]!);
  return [...new Set(tokens)].filter(
    (t) => !/^[/#.]/.test(t) && !/[:<>…*(){}=,@]/.test(t) && (t.endsWith('/') || FILE.test(t)) && !GENERATED.some((g) => t.startsWith(g)),
  );
}

/**
 * A path exists when a file is it, or lies under it; the docs name paths inside a part relative to
 * it (`http/read-body.ts` in the collector's rows), so a path may also match at a folder boundary.
 */
function exists(path: string): boolean {
  const folder = path.endsWith('/');
  return FILES.some((f) => {
    const at = (p: string) => (folder ? p.startsWith(path) : p === path);
    return at(f) || f.split('/').some((_, i, parts) => at(parts.slice(i).join('/')));
  });
}

/** The first backticked path of each code-map row, in document order. */
function codeMapRows(): string[] {
  const section = ARCHITECTURE.split(/^## /m).find((s) => s.startsWith('Code map'));
  if (!section) throw new Error('docs/ARCHITECTURE.md has no "## Code map" section');
  return section
    .split('\n')
    .filter((line) => /^\| `/.test(line))
    .map((line) => line.match(/`([^`]+)`/)![1]!);
}

/** Folder order: root files first, then paths by name (so rows group by top folder). */
const folderOrder = (a: string, b: string) => Number(a.includes('/')) - Number(b.includes('/')) || (a < b ? -1 : a > b ? 1 : 0);

describe('docs/ARCHITECTURE.md', () => {
  it('names only paths that exist', () => {
    const named = pathsNamed(ARCHITECTURE);
    expect(named.length).toBeGreaterThan(50);
    expect(named.filter((p) => !exists(p))).toEqual([]);
  });

  it('has one code map table, its rows in folder order', () => {
    const section = ARCHITECTURE.split(/^## /m).find((s) => s.startsWith('Code map'))!;
    expect(section.match(/^\| --- \|/gm)).toHaveLength(1);
    const rows = codeMapRows();
    expect(rows.length).toBeGreaterThan(40);
    expect(rows).toEqual([...rows].sort(folderOrder));
  });

  it('maps every top folder of the repository', () => {
    const tops = new Set(FILES.filter((f) => f.includes('/') && !f.startsWith('.')).map((f) => f.split('/')[0]!));
    const mapped = new Set(codeMapRows().map((p) => p.split('/')[0]!));
    expect([...tops].filter((t) => !mapped.has(t)).sort()).toEqual([]);
  });
});
