import { defineConfig } from 'vitest/config';

// Unit tests live beside the code they test; cross-part tests live in test/.
// Browser tests (playwright-core + /usr/bin/chromium) share test/browser.ts for launching.
export default defineConfig({
  test: {
    include: ['snippet/**/*.test.ts', 'collector/**/*.test.ts', 'dashboard/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts', 'cli/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // SQLite files and child servers: keep workers few on a 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
