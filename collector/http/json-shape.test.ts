import { describe, expect, it } from 'vitest';
import { jsonShapeIssues, MAX_JSON_DEPTH } from './json-shape.js';

const nested = (depth: number) => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)) as unknown;

describe('jsonShapeIssues', () => {
  it('accepts clean values up to the depth bound, surrogate pairs included', () => {
    expect(jsonShapeIssues(nested(MAX_JSON_DEPTH))).toEqual([]);
    expect(jsonShapeIssues({ e: [{ ti: 'Grüße 😀', tags: ['a', 1, null, true] }] })).toEqual([]);
    expect(jsonShapeIssues('plain')).toEqual([]);
  });

  it('refuses nesting past the bound, naming where', () => {
    const issues = jsonShapeIssues(nested(MAX_JSON_DEPTH + 1));
    expect(issues).toEqual([{ path: Array(MAX_JSON_DEPTH).fill('a').join('.'), message: `nested deeper than ${MAX_JSON_DEPTH} levels` }]);
    expect(jsonShapeIssues([[[1]]], 2)).toEqual([{ path: '0.0', message: 'nested deeper than 2 levels' }]);
  });

  it('walks thousands of levels without running out of stack', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(jsonShapeIssues(deep)).toHaveLength(1);
  });

  it('refuses lone surrogates in values and keys, not pairs', () => {
    expect(jsonShapeIssues(JSON.parse('{"batch":[{"event":"a\\ud800"}]}'))).toEqual([
      { path: 'batch.0.event', message: expect.stringMatching(/lone surrogate/) },
    ]);
    expect(jsonShapeIssues(JSON.parse('{"p":{"\\udc00x":1}}'))).toEqual([
      { path: 'p', message: expect.stringMatching(/key with a lone surrogate/) },
    ]);
    expect(jsonShapeIssues(JSON.parse('"\\ud83d\\ude00"'))).toEqual([]);
    expect(jsonShapeIssues(JSON.parse('"\\ude00\\ud83d"'))).toHaveLength(1);
  });

  it('reports at most 10 problems', () => {
    expect(jsonShapeIssues(Array(50).fill('\ud800'))).toHaveLength(10);
  });
});
