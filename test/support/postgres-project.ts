import { afterAll } from 'vitest';
import { dropTestDatabases } from './postgres.js';
import { closeSpareStores } from './store-choice.js';

/**
 * Setup file of the `postgres` vitest project (vitest.config.ts): after each test file, close the
 * stores its harnesses left for reuse and drop the databases its kits made (store-choice.ts).
 */
afterAll(async () => {
  await closeSpareStores();
  await dropTestDatabases();
});
