/**
 * Remembers a pure function's results for recent string inputs, up to `maxEntries` (the oldest
 * entry goes first). Ingest sees the same page URLs, referrers and paths over and over; parsing a
 * URL costs microseconds per event, a Map lookup a fraction of that. Results are shared between
 * callers, so they must never be mutated (the functions memoized here return frozen values).
 */
export function memoize<T>(fn: (input: string) => T, maxEntries: number): (input: string) => T {
  const seen = new Map<string, T>();
  return (input) => {
    const hit = seen.get(input);
    if (hit !== undefined || seen.has(input)) return hit as T;
    const value = fn(input);
    if (seen.size >= maxEntries) seen.delete(seen.keys().next().value!);
    seen.set(input, value);
    return value;
  };
}
