import { expect } from 'vitest';
import type { RescoreOptions } from '../../collector/engine/rescore/index.js';
import { DAY_MS } from '../../collector/engine/rules/compile.js';
import { engineHarness, events, type HarnessOptions } from './engine.js';
import { rows, type QueryTarget } from './query.js';
import { RULES_A, RULES_B, T0 } from './replay-histories.js';

/** Two people per company, in lead-id order: a rescore in chunks of two leads writes one company's people per chunk. */
const PEOPLE: [visitor: string, email: string][] = [
  ['p1', 'ann@alpha.io'],
  ['p2', 'bob@alpha.io'],
  ['p3', 'cy@beta.io'],
  ['p4', 'di@beta.io'],
  ['p5', 'ed@gamma.io'],
  ['p6', 'flo@gamma.io'],
];

interface Company {
  domain: string;
  people: number;
  engagedPeople: number;
  sumFit: number;
  sumRank: number;
}

const companies = (target: QueryTarget) =>
  rows<Company>(
    target,
    'SELECT domain, people, engaged_people AS "engagedPeople", sum_fit AS "sumFit", sum_rank AS "sumRank" FROM companies ORDER BY domain',
  );

/**
 * People of three companies scored under RULES_A, then a rescore under RULES_B that fails after its
 * first chunk (two leads of alpha.io written). Returns the company roll-ups as stored then, as
 * computed afresh from the people stored then, and as they were before the rescore.
 */
export async function rescoreFailingAfterFirstChunk(changed: Pick<HarnessOptions, 'db'>, options: RescoreOptions) {
  const before = await engineHarness(RULES_A, { now: T0, ...changed });
  try {
    for (const [i, [visitor, email]] of PEOPLE.entries()) {
      const at = T0 + i * 60_000;
      await before.writer.write([
        events.identify(visitor, at, email),
        events.view(visitor, at + 1000, '/pricing', 'pricing'),
        events.view(visitor, at + 2000, '/docs', 'docs'),
        events.view(visitor, at + 3000, '/pricing', 'pricing'),
      ]);
    }
    await before.writer.close();
    const untouched = await companies(before);
    const after = await engineHarness(RULES_B, { now: T0 + DAY_MS, store: before.store });
    const failure = new Error('injected: the rescore fails after its first chunk');
    let chunks = 0;
    const outcome = await after.engine
      .rescore({
        ...options,
        onProgress: () => {
          if (++chunks === 1) throw failure;
        },
      })
      .then(
        () => 'finished',
        (err: unknown) => err,
      );
    expect(outcome).toBe(failure);
    const stored = await companies(after);
    await after.writer.transact(async (tx) => {
      for (const c of stored) await tx.leads.refreshCompany(c.domain);
    });
    const fresh = await companies(after);
    await after.close();
    return { untouched, stored, fresh };
  } finally {
    await before.close();
  }
}

/** Stored roll-ups equal fresh ones (sum_rank as a sum of floats, to 9 digits). */
export function expectRolledUp(stored: Company[], fresh: Company[]): void {
  const digits = (c: Company) => ({ ...c, sumFit: Number(c.sumFit.toPrecision(9)), sumRank: Number(c.sumRank.toPrecision(9)) });
  expect(stored.map(digits)).toEqual(fresh.map(digits));
}

export const domainOf = (c: Company) => c.domain;
