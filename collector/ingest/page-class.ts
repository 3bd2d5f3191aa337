import { pathGlob, type TextTest } from '../glob.js';

/** Page classes: named path patterns from the site config, in the one dialect of `collector/glob.ts`. */
export type PageClassifier = (path: string) => string | null;

/** First class (in config order) with a matching pattern wins. */
export function createPageClassifier(classes: Readonly<Record<string, readonly string[]>>): PageClassifier {
  const compiled: { name: string; matches: TextTest }[] = Object.entries(classes).map(([name, patterns]) => ({ name, matches: pathGlob(patterns) }));
  return (path) => compiled.find(({ matches }) => matches(path))?.name ?? null;
}
