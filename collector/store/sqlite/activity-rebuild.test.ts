import { describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../db/index.js';
import { createSqliteActivityRebuild } from './activity-rebuild.js';

/** The activity table's shape as SQLite sees it: columns, key, and each index's columns and condition (names aside). */
function shape(db: DB) {
  const columns = db.prepare('SELECT name, type, "notnull", pk FROM pragma_table_info(\'account_activity\') ORDER BY cid').all();
  const indexes = (db.prepare("PRAGMA index_list('account_activity')").all() as { name: string; origin: string; partial: number }[])
    .map((i) => ({
      origin: i.origin,
      partial: i.partial,
      columns: (db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(i.name) as { name: string }[]).map((c) => c.name),
      where:
        (
          db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").get(i.name) as { sql: string | null } | undefined
        )?.sql?.split(' WHERE ')[1] ?? null,
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const withoutRowid = /WITHOUT ROWID\s*$/.test(
    (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'account_activity'").get() as { sql: string }).sql,
  );
  return { columns, indexes, withoutRowid };
}

const indexNames = (db: DB) =>
  (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'account_activity' AND sql IS NOT NULL ORDER BY name")
      .all() as {
      name: string;
    }[]
  ).map((r) => r.name);

describe('the staged activity table on SQLite', () => {
  it('swapped in, it has the migrated table’s columns, key and indexes, rebuild after rebuild (the index names alternate)', async () => {
    const fresh = openDatabase(':memory:');
    const db = openDatabase(':memory:');
    try {
      const migrated = shape(fresh);
      expect(migrated.indexes).toHaveLength(4); // the key's own and the three of the migration
      const rebuild = createSqliteActivityRebuild(db);
      const names = [indexNames(db)];
      for (let round = 0; round < 3; round++) {
        await rebuild.begin();
        await rebuild.finish();
        expect(shape(db), `rebuild ${round + 1}`).toEqual(migrated);
        names.push(indexNames(db));
      }
      expect(names[0]).toEqual(['account_activity_account', 'account_activity_day', 'account_activity_lead']);
      expect(names[1]).toEqual(['account_activity_account_b', 'account_activity_day_b', 'account_activity_lead_b']);
      expect(names[2]).toEqual(names[0]);
      expect(names[3]).toEqual(names[1]);
      // Nothing is left beside the live table.
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE '%staged%'").get()).toEqual({ n: 0 });
    } finally {
      fresh.close();
      db.close();
    }
  });
});
