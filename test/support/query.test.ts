import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../collector/db/index.js';
import { createSqliteStore } from '../../collector/store/sqlite/index.js';
import { openPostgresStore } from '../../collector/store/postgres/store.js';
import { count, countEvents, numberedPlaceholders, one, rows, run, value, type QueryTarget } from './query.js';
import { postgresTestsEnabled, useTestDatabase } from './postgres.js';

describe('numberedPlaceholders', () => {
  it('numbers each ? in order and leaves ?s inside quotes alone', () => {
    expect(numberedPlaceholders(`SELECT '?', "a?b", x FROM t WHERE a = ? AND b = 'it''s ?' AND c = ?`)).toBe(
      `SELECT '?', "a?b", x FROM t WHERE a = $1 AND b = 'it''s ?' AND c = $2`,
    );
  });
});

function sqliteTarget(): () => QueryTarget {
  const store = createSqliteStore(openDatabase(':memory:'));
  afterAll(() => store.close());
  return () => ({ store });
}

function postgresTarget(): () => QueryTarget {
  const pg = useTestDatabase();
  let target: QueryTarget & { store: { close(): Promise<void> } };
  beforeAll(async () => void (target = { store: await openPostgresStore(pg.url, { max: 1 }) }));
  afterAll(() => target.store.close());
  return () => target;
}

const STORES = [
  { name: 'SQLite', enabled: true, target: sqliteTarget },
  { name: 'PostgreSQL', enabled: postgresTestsEnabled('test/support/query.test.ts'), target: postgresTarget },
];

describe.each(STORES.filter((s) => s.enabled))('the test query helper on $name', ({ target: make }) => {
  const target = make();

  it('reads, counts and writes with ? parameters, the same on both stores', async () => {
    const t = target();
    expect(await countEvents(t)).toBe(0);
    await run(t, 'INSERT INTO settings (key, value) VALUES (?, ?), (?, ?)', ['query.a', 'one', 'query.b', 'two?']);
    expect(await rows(t, "SELECT key, value FROM settings WHERE key LIKE 'query.%' ORDER BY key")).toEqual([
      { key: 'query.a', value: 'one' },
      { key: 'query.b', value: 'two?' },
    ]);
    expect(await one(t, 'SELECT value FROM settings WHERE key = ?', ['query.b'])).toEqual({ value: 'two?' });
    expect(await one(t, 'SELECT value FROM settings WHERE key = ?', ['missing'])).toBeUndefined();
    expect(await value(t, 'SELECT value FROM settings WHERE key = ? AND value <> ?', ['query.a', 'x'])).toBe('one');
    expect(await count(t, 'settings', "key LIKE 'query.%' AND value = ?", ['one'])).toBe(1);
  });
});
