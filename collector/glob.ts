// The one pattern dialect of the configuration: page classes (`sites[].pageClasses`) and the
// scoring rules' `paths`, `form.ids`, `form.names`, `eventNames` and `hrefs` all compile here.
//
// - `*` matches any characters within one path segment (never a `/`).
// - `**` matches any characters across segments. As a whole segment it also matches no segment at
//   all: `/**/pricing` matches `/pricing`, `/a/**/b` matches `/a/b`, `/docs/**` matches `/docs`.
// - Everything else is literal (`?`, `.`, `[` included); case is ignored.
// - Paths (`pathGlob`) are compared without their query string and hash, and a trailing slash is
//   ignored on both sides (`/pricing/` and `/pricing` are one page). Other values match as they are.
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch !== '*') {
      source += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      continue;
    }
    if (pattern[i + 1] !== '*') {
      source += '[^/]*';
      continue;
    }
    const segmentStart = i === 0 || pattern[i - 1] === '/';
    if (segmentStart && pattern[i + 2] === '/') {
      source += '(?:.*/)?'; // `**/`: any number of whole segments, none included
      i += 2;
    } else if (i > 0 && pattern[i - 1] === '/' && i + 2 === pattern.length) {
      source = `${source.slice(0, -1)}(?:/.*)?`; // a final `/**`: the folder itself or anything in it
      i += 1;
    } else {
      source += '.*';
      i += 1;
    }
  }
  return new RegExp(`^${source}$`, 'i');
}

export type TextTest = (value: string | null | undefined) => boolean;

/** A path without query string, hash and trailing slash (the root stays `/`). */
export function normalizePath(path: string): string {
  const bare = path.split(/[?#]/, 1)[0]!;
  return bare.length > 1 ? bare.replace(/\/+$/, '') || '/' : bare;
}

/** Passes when the value matches any of the patterns, compared as they are (ids, names, links). */
export function textGlob(patterns: readonly string[]): TextTest {
  const regexps = patterns.map(globToRegExp);
  return (value) => value != null && regexps.some((r) => r.test(value));
}

/** Passes when the URL path matches any of the patterns, both normalized by `normalizePath`. */
export function pathGlob(patterns: readonly string[]): TextTest {
  const test = textGlob(patterns.map(normalizePath));
  return (value) => value != null && test(normalizePath(value));
}

/**
 * Bumped whenever a pattern could match differently; part of the scoring rules' fingerprint, so
 * an upgrade that changes matching makes the collector rescore as a change of rules would.
 */
export const GLOB_DIALECT = 2;
