import { memoize } from './memo.js';

/**
 * Page classes: named path patterns from the site config. `*` matches within one path segment,
 * `**` across segments; a pattern matches the whole path (query and hash excluded).
 */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (ch === '*') source += '[^/]*';
    else source += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

export type PageClassifier = (path: string) => string | null;

/** First class (in config order) with a matching pattern wins; a trailing slash is ignored. */
export function createPageClassifier(classes: Readonly<Record<string, readonly string[]>>): PageClassifier {
  const compiled = Object.entries(classes).map(([name, patterns]) => ({ name, regexps: patterns.map(globToRegExp) }));
  // Every pattern is tried against every event's path: remember recent paths' answers.
  return memoize((path) => {
    const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
    for (const { name, regexps } of compiled) {
      if (regexps.some((re) => re.test(path) || re.test(trimmed))) return name;
    }
    return null;
  }, 4096);
}
