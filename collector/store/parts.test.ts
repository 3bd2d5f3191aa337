import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DB } from '../db/index.js';
import { newEvent } from '../../test/support/engine.js';
import { postgresTestsEnabled, useTestDatabase } from '../../test/support/postgres.js';
import type { DashboardSessions, EventLog, Settings } from './port/parts.js';
import { createSqliteParts } from './sqlite/parts.js';
import { migratePostgres } from './postgres/migrate.js';
import type { Sql, SqlOrTx } from './postgres/connect.js';
import { createPostgresEventLog } from './postgres/event-log.js';
import { createPostgresSettings } from './postgres/settings.js';
import { createPostgresSessions } from './postgres/sessions.js';

interface Parts {
  log: EventLog;
  settings: Settings;
  sessions: DashboardSessions;
}
interface VisitorRow {
  first_seen_at: number;
  last_seen_at: number;
  first_utm_source: string | null;
}
/** One store under test: its parts, a transaction, and raw reads to check what was stored. */
interface Harness {
  parts(): Parts;
  /** Runs `work` in one transaction on the store, then commits, or rolls back when `rollback`. */
  transaction<T>(work: (parts: Parts) => Promise<T>, rollback?: boolean): Promise<T>;
  storedEvents(): Promise<{ seq: number; site: string; event_id: string; title: string | null; props: string }[]>;
  visitor(site: string, id: string): Promise<VisitorRow | null>;
}

function sqliteHarness(): Harness {
  let db: DB;
  beforeEach(() => {
    db?.close();
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'kparts-')), 'k.db'));
  });
  afterAll(() => db?.close());
  return {
    parts: () => createSqliteParts(db),
    async transaction(work, rollback = false) {
      db.exec('BEGIN IMMEDIATE');
      try {
        const value = await work(createSqliteParts(db));
        db.exec(rollback ? 'ROLLBACK' : 'COMMIT');
        return value;
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
    },
    storedEvents: async () => db.prepare('SELECT seq, site, event_id, title, props FROM events ORDER BY seq').all() as never,
    visitor: async (site, id) =>
      (db
        .prepare('SELECT first_seen_at, last_seen_at, first_utm_source FROM visitors WHERE site = ? AND id = ?')
        .get(site, id) as VisitorRow) ?? null,
  };
}

class RolledBack extends Error {}

function postgresHarness(): Harness {
  const pg = useTestDatabase();
  const parts = (sql: SqlOrTx): Parts => ({
    log: createPostgresEventLog(sql),
    settings: createPostgresSettings(sql),
    sessions: createPostgresSessions(sql),
  });
  let migrated = false;
  beforeEach(async () => {
    if (!migrated) await migratePostgres(pg.sql);
    migrated = true;
    await pg.sql`TRUNCATE events, visitors, settings, dashboard_sessions RESTART IDENTITY`;
  });
  return {
    parts: () => parts(pg.sql),
    async transaction(work, rollback = false) {
      let value: Awaited<ReturnType<typeof work>>;
      try {
        await pg.sql.begin(async (tx) => {
          value = await work(parts(tx));
          if (rollback) throw new RolledBack();
        });
      } catch (err) {
        if (!(err instanceof RolledBack)) throw err;
      }
      return value!;
    },
    storedEvents: async () => [...(await pg.sql`SELECT seq, site, event_id, title, props FROM events ORDER BY seq`)] as never,
    visitor: async (site, id) =>
      (
        await (pg.sql as Sql)<
          VisitorRow[]
        >`SELECT first_seen_at, last_seen_at, first_utm_source FROM visitors WHERE site = ${site} AND id = ${id}`
      )[0] ?? null,
  };
}

const STORES = [
  { name: 'SQLite', enabled: true, harness: sqliteHarness },
  { name: 'PostgreSQL', enabled: postgresTestsEnabled('collector/store/parts.test.ts'), harness: postgresHarness },
];

const T0 = Date.UTC(2025, 0, 1);

for (const store of STORES) {
  describe.runIf(store.enabled)(`storage port parts on ${store.name}`, () => {
    const h = store.harness();

    it('appends a batch and returns exactly what was stored, in order, with increasing positions', async () => {
      const props = {
        form: { id: 'demo', fields: { name: 'Ada', budget: 'yes' } },
        email: 'ada@acme.io',
        traits: { n: 1.5, ok: true, none: null },
      };
      const batch = [
        newEvent({ visitorId: 'v1', type: 'pageview', ts: T0, title: 'Pricing — “quotes” & ünïcode' }),
        newEvent({ visitorId: 'v1', type: 'form', ts: T0 + 1, props }),
        newEvent({ visitorId: 'v2', type: 'engage', ts: T0 + 2, props: { engagedMs: 41000 } }),
      ];
      const stored = await h.transaction((p) => p.log.append(batch));
      expect(stored.map((e) => e.eventId)).toEqual(batch.map((e) => e.eventId));
      expect(stored.every((e, i) => e.leadId === null && (i === 0 || e.seq > stored[i - 1]!.seq))).toBe(true);
      const rows = await h.storedEvents();
      expect(rows.map((r) => r.seq)).toEqual(stored.map((e) => e.seq));
      expect(rows[0]!.title).toBe('Pricing — “quotes” & ünïcode');
      expect(JSON.parse(rows[1]!.props)).toEqual(props);
      expect(rows[0]!.props).toBe('{}');
    });

    it('returns each stored event whole: every field as given, its position, no lead', async () => {
      const full = newEvent({
        visitorId: 'v1',
        type: 'form',
        name: 'demo',
        ts: T0,
        receivedAt: T0 + 5,
        path: '/pricing',
        pageClass: 'pricing',
        title: 'Pricing',
        referrerHost: 'ref.test',
        utmSource: 's',
        utmMedium: 'm',
        utmCampaign: 'c',
        utmTerm: 't',
        utmContent: 'o',
        props: { email: 'ada@acme.io' },
        browser: 'Firefox',
        os: 'Linux',
        device: 'desktop',
        ip: '203.0.113.0',
      });
      const [stored] = await h.transaction((p) => p.log.append([full]));
      const [row] = await h.storedEvents();
      expect(stored).toStrictEqual({ ...full, seq: Number(row!.seq), leadId: null });
    });

    it('dedupes on (site, event id): against the log, within one call (first wins), and per site', async () => {
      const a = newEvent({ visitorId: 'v1', type: 'pageview', ts: T0, title: 'first' });
      const b = newEvent({ visitorId: 'v1', type: 'pageview', ts: T0 + 1 });
      expect(await h.transaction((p) => p.log.append([a, b]))).toHaveLength(2);
      expect(await h.transaction((p) => p.log.append([a, b]))).toEqual([]);
      const c = newEvent({ visitorId: 'v1', type: 'pageview', ts: T0 + 2, title: 'one' });
      const again = { ...c, title: 'two' };
      const otherSite = { ...a, site: 'other' };
      const stored = await h.transaction((p) => p.log.append([c, again, b, otherSite]));
      expect(stored.map((e) => [e.site, e.eventId, e.title])).toEqual([
        ['demo', c.eventId, 'one'],
        ['other', a.eventId, 'first'],
      ]);
      const rows = await h.storedEvents();
      expect(rows.map((r) => [r.site, r.event_id])).toEqual([
        ['demo', a.eventId],
        ['demo', b.eventId],
        ['demo', c.eventId],
        ['other', a.eventId],
      ]);
    });

    it('stores a batch whole or not at all: a rolled-back transaction leaves no event and no visitor', async () => {
      const stored = await h.transaction((p) => p.log.append([newEvent({ visitorId: 'gone', type: 'pageview', ts: T0 })]), true);
      expect(stored).toHaveLength(1);
      expect(await h.storedEvents()).toEqual([]);
      expect(await h.visitor('demo', 'gone')).toBeNull();
    });

    it("widens a visitor's first and last seen, and keeps the first touch of its first events", async () => {
      const log = h.parts().log;
      await log.append([
        newEvent({ visitorId: 'v', type: 'pageview', ts: T0 + 5000, utmSource: 'linkedin' }),
        newEvent({ visitorId: 'v', type: 'pageview', ts: T0 + 7000 }),
      ]);
      expect(await h.visitor('demo', 'v')).toEqual({ first_seen_at: T0 + 5000, last_seen_at: T0 + 7000, first_utm_source: 'linkedin' });
      await log.append([newEvent({ visitorId: 'v', type: 'pageview', ts: T0 + 1000, utmSource: 'google' })]);
      await log.append([newEvent({ visitorId: 'v', type: 'pageview', ts: T0 + 9000 })]);
      expect(await h.visitor('demo', 'v')).toEqual({ first_seen_at: T0 + 1000, last_seen_at: T0 + 9000, first_utm_source: 'linkedin' });
      expect(await log.append([])).toEqual([]);
    });

    it('settings: unknown is null, set, overwrite', async () => {
      const { settings } = h.parts();
      expect(await settings.get('admin_token')).toBeNull();
      await settings.set('admin_token', 'kt_a');
      await settings.set('engine.rank_epoch_ms', String(T0));
      await settings.set('admin_token', 'kt_b');
      expect(await settings.get('admin_token')).toBe('kt_b');
      expect(await settings.get('engine.rank_epoch_ms')).toBe(String(T0));
    });

    it('dashboard sessions: live until their expiry, removable, and expired ones swept', async () => {
      const { sessions } = h.parts();
      await sessions.insert({ idHash: 'a'.repeat(64), createdAt: T0, expiresAt: T0 + 1000 });
      await sessions.insert({ idHash: 'b'.repeat(64), createdAt: T0, expiresAt: T0 + 5000 });
      await sessions.insert({ idHash: 'c'.repeat(64), createdAt: T0, expiresAt: T0 + 5000 });
      expect(await sessions.liveUntil('a'.repeat(64), T0 + 999)).toBe(T0 + 1000);
      expect(await sessions.liveUntil('a'.repeat(64), T0 + 1000)).toBeNull();
      expect(await sessions.liveUntil('x'.repeat(64), T0)).toBeNull();
      await sessions.remove('c'.repeat(64));
      expect(await sessions.liveUntil('c'.repeat(64), T0)).toBeNull();
      expect(await sessions.removeExpired(T0 + 1000)).toBe(1);
      expect(await sessions.removeExpired(T0 + 1000)).toBe(0);
      expect(await sessions.liveUntil('b'.repeat(64), T0 + 1000)).toBe(T0 + 5000);
    });
  });
}
