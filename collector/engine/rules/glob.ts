/**
 * Patterns as the site config writes them: `*` matches within one path segment, `**` across
 * segments, everything else literally; case is ignored. `*demo*` thus matches a form id "book-demo".
 */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      // `**/` also matches nothing, so `/**/pricing` matches `/pricing`.
      if (pattern[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i++;
      }
    } else if (ch === '*') source += '[^/]*';
    else source += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

export type TextTest = (value: string | null | undefined) => boolean;

/** A test that passes when the value matches any of the patterns. */
export function anyGlob(patterns: readonly string[]): TextTest {
  const regexps = patterns.map(globToRegExp);
  return (value) => value != null && regexps.some((r) => r.test(value));
}
