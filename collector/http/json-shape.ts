/**
 * What a parsed JSON body may not contain, whatever its schema: nesting deeper than a bound (a
 * 10 KB body can nest 4,000 levels, and every recursive step after parsing — JSON.stringify, zod,
 * trait flattening — would then throw a RangeError, a 500 that Segment's libraries retry forever),
 * and strings or keys that are not well-formed Unicode (`"\ud800"` parses, but SQLite would store
 * it as invalid UTF-8). The walk is iterative, so the check itself cannot run out of stack.
 */

/** Levels from the body's root: `{"batch":[{"properties":{…}}]}` is 4 deep at `properties`. */
export const MAX_JSON_DEPTH = 32;
const MAX_ISSUES = 10;
/** Under the `u` flag a surrogate pair is one code point, so `\p{Cs}` finds only the lone halves. */
const LONE_SURROGATE = /\p{Cs}/u;

export interface JsonIssue {
  path: string;
  message: string;
}

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === 'object' && v !== null;
const join = (parent: string, key: string | number) => (parent ? `${parent}.${key}` : String(key));

/** The problems of a parsed JSON value (at most 10), each with its path (`batch.0.properties.a`); empty when clean. */
export function jsonShapeIssues(root: unknown, maxDepth: number = MAX_JSON_DEPTH): JsonIssue[] {
  const issues: JsonIssue[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length && issues.length < MAX_ISSUES) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value))
        issues.push({ path: path || '(root)', message: 'contains a lone surrogate (like "\\ud800"): text must be valid Unicode' });
      continue;
    }
    if (!isContainer(value)) continue;
    if (depth + 1 > maxDepth) {
      issues.push({ path: path || '(root)', message: `nested deeper than ${maxDepth} levels` });
      continue;
    }
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      if (typeof key === 'string' && LONE_SURROGATE.test(key)) {
        issues.push({ path: path || '(root)', message: 'has a key with a lone surrogate (like "\\ud800"): text must be valid Unicode' });
        continue;
      }
      stack.push({ value: child, path: join(path, key), depth: depth + 1 });
    }
  }
  return issues;
}

/**
 * Whether JSON text could hold a lone surrogate once parsed. Text decoded as strict UTF-8 holds no
 * lone surrogate (the decoder refuses encoded surrogates), so JSON.parse can only make one from a
 * `\uD800`–`\uDFFF` escape: without such an escape in the text, no string or key of the value has one.
 * May say yes for text that has none (a valid escaped pair, an escaped backslash before `uD8`).
 */
export function mayHoldLoneSurrogate(strictUtf8Text: string): boolean {
  return SURROGATE_ESCAPE.test(strictUtf8Text);
}
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Whether no container of a parsed JSON value sits `maxDepth` or more levels below the root — the
 * depth rule of `jsonShapeIssues` alone, without building paths or allocating. The recursion stops
 * at `maxDepth`, so it cannot run out of stack whatever the nesting.
 */
export function withinDepth(value: unknown, maxDepth: number = MAX_JSON_DEPTH): boolean {
  if (!isContainer(value)) return true;
  if (maxDepth === 0) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!withinDepth(value[i], maxDepth - 1)) return false;
    return true;
  }
  for (const key in value) if (!withinDepth(value[key], maxDepth - 1)) return false;
  return true;
}
