import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../collector/paths.js';
import { sourceFiles } from './support/import-graph.js';

/** Test files wire their own writers; shipped code does not (test helpers live outside collector/, in test/support/). */
const TEST_CODE = /\.test\.ts$/;
/** A subscription to the writer: a domain handler (in the transaction) or a commit listener. */
const SUBSCRIPTION = /\b(?:writer|\w+\.writer)\s*\.\s*(on|afterCommit)\s*\(/g;

describe('the composition root', () => {
  it('is the only shipped collector module that subscribes to the writer, with its one list of handlers and the writer thread’s root (issue 13.7)', () => {
    const subscribers = new Map<string, string[]>();
    for (const file of sourceFiles(projectRoot, ['collector'])) {
      if (TEST_CODE.test(file)) continue;
      const found = [...readFileSync(file, 'utf8').matchAll(SUBSCRIPTION)].map((m) => m[1]!);
      if (found.length) subscribers.set(relative(projectRoot, file), found);
    }
    // The collector's root, the one list of projections and handlers it and the writer thread plug
    // (event-path/), and the writer thread's own root (its commits go back to the collector's listeners).
    expect([...subscribers.keys()].sort()).toEqual([
      'collector/event-path/index.ts',
      'collector/kindling.ts',
      'collector/writer-worker.ts',
    ]);
    // Domain handlers (alias memory, alert outbox) in the list; commit listeners (sender wake-up, live hub) in the roots.
    expect(new Set(subscribers.get('collector/event-path/index.ts'))).toEqual(new Set(['on']));
    expect(new Set(subscribers.get('collector/kindling.ts'))).toEqual(new Set(['afterCommit']));
  });
});
