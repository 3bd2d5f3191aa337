import { expect, it } from 'vitest';
import { progressReporter } from './progress.js';

it('reports each tenth once, with counts and elapsed time, however the work is chunked', () => {
  const lines: string[] = [];
  let t = 0;
  const report = progressReporter(
    'ingest',
    1000,
    (l) => lines.push(l),
    10,
    () => t,
  );
  for (const done of [50, 99, 100, 101, 350, 999]) {
    t += 500;
    report(done);
  }
  expect(lines).toEqual(['ingest: 10% (100 of 1,000, 1.5 s)', 'ingest: 30% (350 of 1,000, 2.5 s)', 'ingest: 90% (999 of 1,000, 3.0 s)']);
  report(1000);
  expect(lines.at(-1)).toBe('ingest: 100% (1,000 of 1,000, 3.0 s)');
  report(1000);
  expect(lines).toHaveLength(4);
});
