import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root (where package.json and dist/ live), found by walking up from this module, so
 * static files resolve the same from source (tests) and from the bundle (dist/collector/main.js).
 */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'kindling') return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the Kindling project root (package.json named "kindling")');
}

export const projectRoot = findProjectRoot();
export const distDir = join(projectRoot, 'dist');
