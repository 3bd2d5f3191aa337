import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DB } from '../../db/index.js';
import { sqliteAlertsStore } from './alerts.js';
import { UnitAwaitedIoError } from './async-unit.js';

const hook = { url: 'https://a.example/h', secret: 's', format: 'json', events: ['lead.entered_sql'], source: 'api' } as const;
const count = (db: DB) => (db.prepare('SELECT COUNT(*) AS n FROM webhook_endpoints').get() as { n: number }).n;

describe('alert units of work on SQLite', () => {
  let db: DB;
  afterEach(() => db?.close());
  const open = () => (db = openDatabase(join(mkdtempSync(join(tmpdir(), 'kunit-')), 'k.db')));

  it('commits a unit whole, and rolls a failing one back whole', async () => {
    const { transaction } = sqliteAlertsStore(open());
    expect(await transaction(async (tx) => tx.endpoints.insert({ ...hook, events: [...hook.events] }, 0))).toBe(1);
    await expect(
      transaction(async (tx) => {
        await tx.endpoints.insert({ ...hook, url: 'https://b.example/h', events: [...hook.events] }, 0);
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(count(db)).toBe(1);
    expect(db.inTransaction).toBe(false);
  });

  it('runs units started together one after another, each in its own transaction', async () => {
    const { transaction } = sqliteAlertsStore(open());
    const urls = ['https://1.example/h', 'https://2.example/h', 'https://3.example/h'];
    const ids = await Promise.all(
      urls.map((url) => transaction(async (tx) => tx.endpoints.insert({ ...hook, url, events: [...hook.events] }, 0))),
    );
    expect(ids).toEqual([1, 2, 3]);
    expect(count(db)).toBe(3);
  });

  it('rolls back a unit that awaited I/O, since the writer could have joined its transaction meanwhile', async () => {
    const { transaction } = sqliteAlertsStore(open());
    await expect(
      transaction(async (tx) => {
        await tx.endpoints.insert({ ...hook, events: [...hook.events] }, 0);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }),
    ).rejects.toBeInstanceOf(UnitAwaitedIoError);
    expect(count(db)).toBe(0);
    expect(db.inTransaction).toBe(false);
  });
});
