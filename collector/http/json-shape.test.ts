import { describe, expect, it } from 'vitest';
import { jsonShapeIssues, mayHoldLoneSurrogate, MAX_JSON_DEPTH, withinDepth } from './json-shape.js';
import { parseJsonBytes } from './body.js';
import { KindlingError } from '../errors.js';

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

describe('the cheap checks parseJsonBytes runs before the full walk', () => {
  const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  it('withinDepth draws the line exactly where jsonShapeIssues does', () => {
    for (let depth = 0; depth <= MAX_JSON_DEPTH + 2; depth++) {
      for (const value of [nested(depth), depth ? (JSON.parse(arrays(depth)) as unknown) : 1]) {
        expect(withinDepth(value), `depth ${depth}`).toBe(jsonShapeIssues(value).length === 0);
      }
    }
    expect(withinDepth([[[1]]], 2)).toBe(false);
    expect(withinDepth([[1], [2]], 2)).toBe(true);
    // A deep branch after shallow siblings, and under a key named like a prototype.
    expect(withinDepth(JSON.parse(`{"a":1,"b":[2],"__proto__":${arrays(MAX_JSON_DEPTH)}}`))).toBe(false);
    expect(withinDepth(JSON.parse(arrays(100_000)))).toBe(false);
  });

  it('mayHoldLoneSurrogate says yes to every surrogate escape, either case', () => {
    for (const text of ['"\\ud800"', '"\\uDBFF"', '"\\udc00"', '"\\uDfFf"', '{"\\ud83d\\ude00":1}']) {
      expect(mayHoldLoneSurrogate(text), text).toBe(true);
    }
    for (const text of ['"Grüße 😀"', '"\\u00e9\\u20ac"', '"\\ue000"', '"ud800"', '{"a":[1,2]}']) {
      expect(mayHoldLoneSurrogate(text), text).toBe(false);
    }
  });

  /** The issues parseJsonBytes refuses a body with, or null when it accepts it. */
  const refusal = (text: string) => {
    try {
      parseJsonBytes(Buffer.from(text));
      return null;
    } catch (err) {
      return (err as KindlingError).details;
    }
  };

  it('parseJsonBytes answers what the full walk alone would, for every kind of body', () => {
    const bodies = [
      '{"s":"demo","e":[{"ti":"Grüße 😀","u":"http://x/"}]}',
      '{"ti":"a\\ud800"}',
      '{"ti":"\\ud83d\\ude00"}',
      '{"p":{"\\udc00x":1}}',
      '["\\\\ud800"]',
      `{"e":[{"f":${arrays(MAX_JSON_DEPTH - 2)}}]}`,
      `{"e":[{"f":${arrays(MAX_JSON_DEPTH - 1)}}]}`,
      `{"e":[{"f":${arrays(MAX_JSON_DEPTH + 5)}}],"t":"\\udfff"}`,
      arrays(4000),
    ];
    for (const text of bodies) {
      const issues = jsonShapeIssues(JSON.parse(text));
      expect(refusal(text), text).toEqual(issues.length ? issues : null);
    }
  });
});
