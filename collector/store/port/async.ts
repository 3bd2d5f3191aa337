/** The same methods, each returning a promise: how a synchronous SQLite store looks through the port. */
export type Async<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
};

/**
 * Wraps a synchronous store (better-sqlite3 statements) in the async port shape. The work still
 * runs at once, inside the caller's transaction; only the answer is delivered as a promise.
 */
export function asAsync<T extends object>(store: T): Async<T> {
  const wrapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(store)) {
    wrapped[key] =
      typeof value === 'function'
        ? (...args: unknown[]) => Promise.resolve().then(() => (value as (...a: unknown[]) => unknown).apply(store, args))
        : value;
  }
  return wrapped as Async<T>;
}
