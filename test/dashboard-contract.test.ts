import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../collector/paths.js';

/** Every `from '…'` and `import('…')` specifier of a source file. */
export function importSpecifiers(source: string): string[] {
  return [...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)].map(
    (m) => (m[1] ?? m[2] ?? m[3])!,
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : [],
  );
}

describe('the API contract', () => {
  it('finds imports of every form', () => {
    expect(
      importSpecifiers(
        `import type { A } from '../x.js';\nimport 'side';\nconst m = await import("./lazy.js");\nexport { b } from './b.js';`,
      ),
    ).toEqual(['../x.js', 'side', './lazy.js', './b.js']);
  });

  it('is the only part of the collector the dashboard imports', () => {
    const dashboard = join(projectRoot, 'dashboard');
    const offending = sourceFiles(dashboard).flatMap((file) =>
      importSpecifiers(readFileSync(file, 'utf8'))
        .filter((spec) => spec.includes('collector/') && !spec.endsWith('collector/api/contract.js'))
        .map((spec) => `${relative(projectRoot, file)}: ${spec}`),
    );
    expect(offending).toEqual([]);
  });
});
