import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../collector/paths.js';
import { cycles, importCycles } from './support/import-graph.js';

const SOURCE_DIRS = ['collector', 'cli', 'bench', 'dashboard', 'snippet', 'test', 'scripts'];

describe('imports', () => {
  it('form no cycle anywhere in the project, type-only imports included', () => {
    expect(importCycles(projectRoot, SOURCE_DIRS)).toEqual([]);
  });

  it('the check finds a cycle closed by a type-only import, a re-export or a self-import', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindling-cycles-'));
    try {
      mkdirSync(join(dir, 'src/routes'), { recursive: true });
      writeFileSync(join(dir, 'src/app.ts'), "import { routes } from './routes/index.js';\nexport interface AppDeps { a: number }\n");
      writeFileSync(join(dir, 'src/routes/index.ts'), "export { leads as routes } from './leads.js';\n");
      writeFileSync(
        join(dir, 'src/routes/leads.ts'),
        "import type { AppDeps } from '../app.js';\nexport const leads = (d: AppDeps) => d;\n",
      );
      writeFileSync(join(dir, 'src/alone.ts'), "import { x } from './alone.js';\nexport const y = x;\n");
      writeFileSync(join(dir, 'src/fine.ts'), "import { leads } from './routes/leads.js';\nexport const z = leads;\n");
      expect(importCycles(dir, ['src'])).toEqual([['src/alone.ts'], ['src/app.ts', 'src/routes/index.ts', 'src/routes/leads.ts']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('cycles() keeps acyclic graphs clean', () => {
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b']]);
  });
});
