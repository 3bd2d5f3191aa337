/** The same methods, each returning a promise: how a synchronous SQLite store looks through the port. */
export type Async<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
};

/**
 * Wraps a synchronous store (better-sqlite3 statements) in the async port shape. The statement
 * runs at once, inside the caller's transaction; only the answer is delivered as a promise (a
 * thrown error as a rejection). Running at once, rather than in a later microtask, keeps a unit of
 * work's statements in the order its code issues them.
 */
export function asAsync<T extends object>(store: T): Async<T> {
  const wrapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(store)) {
    wrapped[key] = typeof value === 'function' ? promising(value as (...a: unknown[]) => unknown, store) : value;
  }
  return wrapped as Async<T>;
}

function promising(fn: (...args: unknown[]) => unknown, self: object) {
  // Up to four arguments (every store method has at most four) without rest/apply: this wrapper runs
  // for every statement of every unit of work.
  if (fn.length <= 4)
    return (a?: unknown, b?: unknown, c?: unknown, d?: unknown): Promise<unknown> => {
      try {
        return Promise.resolve(fn.call(self, a, b, c, d));
      } catch (err) {
        return Promise.reject(err);
      }
    };
  return (...args: unknown[]): Promise<unknown> => {
    try {
      return Promise.resolve(fn.apply(self, args));
    } catch (err) {
      return Promise.reject(err);
    }
  };
}
