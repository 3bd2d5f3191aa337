import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../paths.js';

const bundled = new Map<string, Promise<string>>();

/**
 * A `worker_threads` entry's script. Built, it is `<name>.js` beside the running bundle (build.mjs
 * puts it there for each Node entry that needs it: `here` is the bundle's `import.meta.url`). From
 * the TypeScript sources (tests) it is bundled once per process with esbuild (a dev dependency,
 * loaded only then) under node_modules/.cache, where its packages resolve.
 */
export function workerScript(name: string, sourceFromRoot: string, here: string): Promise<string> {
  if (!here.endsWith('.ts')) return Promise.resolve(fileURLToPath(new URL(`./${name}.js`, here)));
  let script = bundled.get(name);
  if (!script) {
    script = (async () => {
      const { build } = await import('esbuild');
      const dir = join(projectRoot, 'node_modules', '.cache', 'kindling');
      mkdirSync(dir, { recursive: true });
      const out = join(dir, `${name}-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`);
      await build({
        entryPoints: [join(projectRoot, sourceFromRoot)],
        outfile: `${out}.tmp`,
        bundle: true,
        platform: 'node',
        format: 'esm',
        packages: 'external',
        logLevel: 'warning',
      });
      renameSync(`${out}.tmp`, out);
      return out;
    })();
    bundled.set(name, script);
  }
  return script;
}
