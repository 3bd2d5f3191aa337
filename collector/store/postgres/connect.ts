import postgres from 'postgres';

export type Sql = postgres.Sql<{ bigint: number }>;
/** A client or a transaction: store modules take either, so the caller decides the unit of work. */
export type SqlOrTx = Sql | postgres.TransactionSql<{ bigint: number }>;

/** PostgreSQL's `int8` (bigint) type id. */
const INT8 = 20;

/**
 * Every integer column is bigint (epoch milliseconds, sequence numbers) and every value in them
 * fits a JavaScript number exactly; postgres.js returns bigint as a string by default, so parse
 * it, and refuse a value that would lose precision instead of rounding it silently.
 */
const bigintAsNumber = {
  to: INT8,
  from: [INT8],
  serialize: (n: number) => String(n),
  parse: (text: string) => {
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${text} does not fit a JavaScript number`);
    return n;
  },
};

export interface ConnectOptions {
  /** Pool size. */
  max?: number;
}

/** A postgres.js pool for `url` with Kindling's type mapping. Queries are tagged templates: always parameterised. */
export function connectPostgres(url: string, options: ConnectOptions = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    types: { bigint: bigintAsNumber },
    // NOTICEs (e.g. "already exists, skipping") are not errors and must not reach the log as noise.
    onnotice: () => {},
    transform: { undefined: null },
  });
}
