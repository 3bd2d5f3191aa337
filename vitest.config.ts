import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { hasPostgres } from './test/support/postgres-server.js';
import { postgresProjects } from './test/support/store-suite.js';
import { TEST_STORE_VARIABLE } from './test/support/store-choice.js';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Two projects (docs/ARCHITECTURE.md, "Tests on both stores"): `sqlite` runs every test; `postgres`
 * runs the files that start a store kit again with KINDLING_TEST_STORE=postgres (store-suite.ts).
 */
const postgres = postgresProjects({ installed: hasPostgres(), ci: process.env.CI === 'true', root, warn: console.warn });

// Unit tests live beside the code they test; cross-part tests live in test/.
// Browser tests (playwright-core + /usr/bin/chromium) share test/support/browser.ts for launching.
export default defineConfig({
  // The snippet's compile-time flags (snippet/src/flags.d.ts): the full build, as k.js ships.
  define: { KN_SPA: 'true', KN_ENGAGE: 'true', KN_LINKS: 'true', KN_FORMS: 'true', KN_DEBUG: 'false' },
  test: {
    exclude: ['node_modules/**', 'dist/**'],
    environment: 'node',
    // One PostgreSQL server per run for the PostgreSQL store's tests (each file makes its own database).
    globalSetup: ['test/support/postgres-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // SQLite files and child servers: keep workers few on a 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: [
            'snippet/**/*.test.ts',
            'collector/**/*.test.ts',
            'dashboard/**/*.test.ts',
            'test/**/*.test.ts',
            'scripts/**/*.test.ts',
            'cli/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
          env: { [TEST_STORE_VARIABLE]: 'sqlite' },
        },
      },
      ...postgres,
    ],
  },
});
