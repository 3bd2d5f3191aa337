import { pathGlob, type TextTest } from '../glob.js';
import { memoize } from './memo.js';

/** Page classes: named path patterns from the site config, in the one dialect of `collector/glob.ts`. */
export type PageClassifier = (path: string) => string | null;

/** First class (in config order) with a matching pattern wins. */
export function createPageClassifier(classes: Readonly<Record<string, readonly string[]>>): PageClassifier {
  const compiled: { name: string; matches: TextTest }[] = Object.entries(classes).map(([name, patterns]) => ({
    name,
    matches: pathGlob(patterns),
  }));
  // Every pattern is tried against every event's path: remember recent paths' answers.
  return memoize((path) => compiled.find(({ matches }) => matches(path))?.name ?? null, 4096);
}
