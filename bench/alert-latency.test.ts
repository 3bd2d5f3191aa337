import { expect, it } from 'vitest';
import { alertTable } from './alert-latency.js';

it('bench:alerts prints a table with a header and the figures, not raw JSON', () => {
  const lines = alertTable({ n: 1000, p50Ms: 3.25, p99Ms: 12.5, maxMs: 40.75, beforeAck: 7 }).split('\n');
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(/^alert latency \(202 → webhook received\)\s+leads\s+p50 ms\s+p99 ms\s+max ms\s+before the 202$/);
  expect(lines[1]).toMatch(/^─+(\s+─+){5}$/);
  expect(lines[2]).toMatch(/^one SQL-making batch at a time\s+1,000\s+3.25\s+12.5\s+40.8\s+7$/);
  expect(lines.join('\n')).not.toContain('{');
});
