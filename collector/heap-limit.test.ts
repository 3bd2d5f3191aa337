import { describe, expect, it } from 'vitest';
import { HEAP_LIMIT_MB, heapIsBounded } from './heap-limit.js';

describe('heapIsBounded', () => {
  it('takes a limit near HEAP_LIMIT_MB (flag, NODE_OPTIONS, small machine) as bounded, V8 defaults on large machines not', () => {
    expect(heapIsBounded(HEAP_LIMIT_MB + 48)).toBe(true); // what --max-old-space-size=1024 reports
    expect(heapIsBounded(512)).toBe(true);
    expect(heapIsBounded(2096)).toBe(false);
    expect(heapIsBounded(4144)).toBe(false); // V8's default with 16 GiB of RAM
  });
});
