import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_FINGERPRINT_KEY } from '../../collector/accounts/rebuild.js';
import Database from 'better-sqlite3';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig } from '../../collector/config/index.js';
import { markDatabaseInUse } from '../../collector/db/in-use.js';
import { openDatabase } from '../../collector/db/index.js';
import { migrations } from '../../collector/db/migrations/index.js';
import { connectPostgres, type Sql } from '../../collector/store/postgres/connect.js';
import { migratePostgres } from '../../collector/store/postgres/migrate.js';
import { projectRoot } from '../../collector/paths.js';
import { postgresTestsEnabled, useTestDatabase } from '../../test/support/postgres.js';
import { simulate } from '../simulate/index.js';
import { MoveRefused } from './refusals.js';
import { checkRescoreOnTarget, RESCORED_TABLES, RescoreChangedTarget } from './rescore-check.js';
import { runMigrateStore } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-move-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = testConfig();
const quiet = { progress: { write: () => {} }, config };

/**
 * A source with a row in every table: simulated traffic (events, visitors, leads and everything the
 * engine derives, sales actions, held alerts with their endpoint and latches, settings), plus the
 * few tables traffic does not reach, filled with values that test a byte-exact copy: quotes,
 * non-BMP characters, COPY's delimiters, an empty string, a disabled endpoint (a boolean on PostgreSQL), the
 * largest safe integer. Nothing is added to the tables a rescore rebuilds: the move's last check
 * rescores the target, and rows the event log does not account for are what it reports.
 */
async function fillSource(file: string): Promise<void> {
  const config = testConfig({ webhooks: { allowPrivateTargets: 'loopback', endpoints: [{ url: 'http://127.0.0.1:9/hook' }] } as never });
  await simulate(config, {
    visitors: 120,
    days: 10,
    seed: 7,
    via: 'writer',
    concurrency: 16,
    dbPath: file,
    siteKey: 'demo',
    now: Date.UTC(2025, 5, 2, 9),
    dispositions: true,
    crmOutcomes: true,
  });
  const db = new Database(file);
  try {
    db.prepare("INSERT INTO dashboard_sessions (id_hash, created_at, expires_at) VALUES ('h\"1''x 😀', 1, ?)").run(Number.MAX_SAFE_INTEGER);
    // COPY's own delimiters and escapes inside values: tab, newline, carriage return, backslash, its NULL marker.
    db.prepare("INSERT INTO segment_aliases (site, visitor_id, other_id, created_at) VALUES ('demo', 'anon-1', ?, 2)").run(
      'user-ü\t\\N\n\r\\',
    );
    const endpoint = db
      .prepare(
        "INSERT INTO webhook_endpoints (url, secret, format, events, enabled, disabled_reason, source, created_at, updated_at) VALUES ('http://127.0.0.1:9/off', 'whsec_x', 'slack', '[]', 0, 'gone', 'api', 3, 4)",
      )
      .run().lastInsertRowid;
    const message = db.prepare('SELECT id FROM webhook_messages LIMIT 1').get() as { id: string };
    db.prepare('INSERT INTO webhook_attempts (message_id, at, status, latency_ms, error) VALUES (?, 5, NULL, 0, ?)').run(message.id, '');
    // Decayed scores are floats with no short decimal form (17 significant digits), like 0.1 + 0.2;
    // the engine's own, since a made-up history row would be one a rescore rightly removes.
    const scores = db.prepare('SELECT score FROM lead_history').pluck().all() as number[];
    expect(scores.filter((s) => String(s).replace(/^-?0\.0*|\.|e.*$/g, '').length >= 16)).not.toHaveLength(0);
    // The team's tables: a removed user beside a live one with the same address, a link, a revoked key, an audit entry.
    db.prepare(
      "INSERT INTO users (email, name, role, password_hash, available, created_at, updated_at, removed_at) VALUES ('ann@x.example', 'Änn \"A\"', 'sales', NULL, 0, 7, 8, 9)",
    ).run();
    const user = db
      .prepare(
        "INSERT INTO users (email, name, role, password_hash, created_at, updated_at) VALUES ('ann@x.example', 'Ann', 'admin', 'scrypt$x', 7, 8)",
      )
      .run().lastInsertRowid;
    db.prepare("INSERT INTO user_links (token_hash, purpose, user_id, created_at, expires_at) VALUES ('t1', 'invite', ?, 1, 2)").run(user);
    db.prepare(
      "INSERT INTO api_keys (name, prefix, key_hash, scopes, created_by, created_at, revoked_at) VALUES ('CRM', 'kk_ab', 'h', 'leads:read ingest', ?, 1, 2)",
    ).run(user);
    db.prepare(
      "INSERT INTO audit_log (at, actor_kind, actor_id, actor_label, action, target, detail) VALUES (1, 'user', ?, 'ann@x.example', 'user.invited', 'user:1', '{}')",
    ).run(user);
    // Routing (its migration): an owned lead with its history, its company's owner, a turn, an opt-in, a reminder, a digest day.
    const lead = (db.prepare('SELECT id FROM leads ORDER BY id LIMIT 1').get() as { id: number }).id;
    db.prepare('INSERT INTO lead_owners (lead_id, user_id, assigned_at) VALUES (?, ?, 5)').run(lead, user);
    db.prepare(
      "INSERT INTO lead_owner_history (lead_id, at, from_user_id, to_user_id, how, actor) VALUES (?, 5, NULL, ?, 'rule:dach', NULL)",
    ).run(lead, user);
    db.prepare("INSERT INTO account_owners (domain, user_id, set_at) VALUES ('x.example', ?, 5)").run(user);
    db.prepare("INSERT INTO routing_counters (name, value) VALUES ('round-robin', 3)").run();
    db.prepare('INSERT INTO user_alert_prefs (user_id, digest) VALUES (?, 1)').run(user);
    db.prepare("INSERT INTO followup_marks (lead_id, sql_since, kind, at) VALUES (?, 1, 'reminded', 2)").run(lead);
    db.prepare("INSERT INTO digest_sends (user_id, day, at) VALUES (?, '2025-01-02', 3)").run(user);
    // Enrichment (its migration): an answered lookup that is also the cache, a queued one, a day's calls.
    db.prepare(
      "INSERT INTO enrichment (subject, query_kind, query_value, state, attempts, next_at, enqueued_at, done_at, name, domain, industry, size, source) VALUES ('d:x.example', 'domain', 'x.example', 'done', 1, 0, 1, 2, 'X Ä \"GmbH\"', 'x.example', 'Software', '51-250', 'clearbit')",
    ).run();
    db.prepare(
      "INSERT INTO enrichment (subject, query_kind, query_value, state, next_at, enqueued_at) VALUES ('n:64500', 'ip', '192.0.2.0', 'queued', 3, 3)",
    ).run();
    db.prepare('INSERT INTO enrichment_budget (day, calls) VALUES (20240, 7)').run();
    // Spend (its migration): a channel's month and a campaign's, in cents.
    db.prepare(
      "INSERT INTO marketing_spend (month, channel, campaign, amount_cents, currency, updated_at) VALUES ('2025-05', 'paid_search', '', 300000, 'EUR', 4)",
    ).run();
    db.prepare(
      "INSERT INTO marketing_spend (month, channel, campaign, amount_cents, currency, updated_at) VALUES ('2025-05', '', 'spring', 12345, 'EUR', 4)",
    ).run();
    expect(endpoint).toBeGreaterThan(0);
  } finally {
    db.close();
  }
}

/** Tables as the source lists them (every kind of table but the FTS5 storage and internals). */
function sourceTables(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'")
        .all() as {
        name: string;
      }[]
    )
      .map((r) => r.name)
      .filter((n) => n !== 'schema_migrations' && !n.startsWith('leads_search_'));
  } finally {
    db.close();
  }
}

const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();

/**
 * What the rescore after the copy may rewrite (rescore-check.ts): the ranking epoch and the keys
 * relative to it (the rescore check itself compares those as engagement), and the fingerprint of the
 * rules the accounts activity was rebuilt under (the source was never rescored, so it has none).
 */
const RESCALED: Record<string, string[]> = { leads: ['rank_key', 'top_engagement_rank'], companies: ['sum_rank'] };
const REWRITTEN_SETTINGS = ['engine.rank_epoch_ms', ACTIVITY_FINGERPRINT_KEY];
const rescaledSetting = (table: string, row: unknown[]) => table === 'settings' && REWRITTEN_SETTINGS.includes(row[0] as string);

async function compareTable(file: string, sql: Sql, table: string): Promise<number> {
  const db = new Database(file, { readonly: true });
  try {
    const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[])
      .map((c) => c.name)
      .filter((c) => !RESCALED[table]?.includes(c));
    const lite = db
      .prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`)
      .raw(true)
      .all() as unknown[][];
    const post = (await sql`SELECT ${sql(columns)} FROM ${sql(table)}`.values()).map((row) =>
      (row as unknown[]).map((v) => (typeof v === 'boolean' ? Number(v) : v)),
    );
    const kept = (rows: unknown[][]) => rows.filter((row) => !rescaledSetting(table, row));
    expect(sorted(kept(post)), table).toEqual(sorted(kept(lite)));
    return lite.length;
  } finally {
    db.close();
  }
}

/** A copy of the source with one change, for the cases the source itself does not have. */
function alteredSource(source: string, name: string, sqlText: string): string {
  const file = join(dir, `${name}.db`);
  copyFileSync(source, file);
  const db = new Database(file);
  db.prepare(sqlText).run();
  db.close();
  return file;
}

const leadCount = async (sql: Sql) => (await sql<{ n: number }[]>`SELECT COUNT(*)::bigint AS n FROM leads`)[0]!.n;

/** Rows left in the target's largest and smallest tables: 0 after a move that did not happen. */
async function rowsLeft(url: string): Promise<number> {
  const sql = connectPostgres(url, { max: 1 });
  try {
    return (await sql<{ n: number }[]>`SELECT (SELECT COUNT(*) FROM events) + (SELECT COUNT(*) FROM settings) AS n`)[0]!.n;
  } finally {
    await sql.end();
  }
}

describe.runIf(postgresTestsEnabled('cli/migrate-store/migrate-store.test.ts'))('npm run migrate-store', () => {
  const pg = useTestDatabase();
  const source = join(dir, 'source.db');
  beforeAll(() => fillSource(source), 120_000);

  it('copies every table row for row, rebuilds search, moves the id sequences on, and checks it', async () => {
    const to = await pg.another();
    const movedFrom = Date.now();
    const result = await runMigrateStore({ from: source, to, batchRows: 100 }, quiet);
    const sql = connectPostgres(to, { max: 1 });
    try {
      // The rescore on the target changed nothing, each lead replayed up to now or just before its own
      // pending decay timer (the simulation's clock ended in 2025: replayed to now, decay would move leads).
      expect(result.rescore).toMatchObject({ leads: await leadCount(sql) });
      expect(result.rescore.at).toBeGreaterThanOrEqual(movedFrom);
      expect(result.rescore.at).toBeLessThanOrEqual(Date.now());
      expect(result.rescore.events).toBeGreaterThan(0);
      expect(result.rescore.tables.map((t) => t.table)).toEqual(Object.keys(RESCORED_TABLES));
      expect(result.rescore.tables.find((t) => t.table === 'lead_history')!.rows).toBeGreaterThan(0);
      const tables = sourceTables(source);
      expect(tables).toEqual(expect.arrayContaining(['events', 'leads', 'webhook_attempts', 'dashboard_sessions', 'settings']));
      for (const table of tables) expect(await compareTable(source, sql, table), `${table} has rows to copy`).toBeGreaterThan(0);
      expect(result.tables.map((t) => t.table).sort()).toEqual([...tables, 'leads_search'].sort());

      // The search table is rebuilt from leads, row for row what SQLite's FTS5 index holds.
      const db = new Database(source, { readonly: true });
      const fts = db.prepare('SELECT rowid, email, name, company FROM leads_search').raw(true).all() as unknown[][];
      db.close();
      expect(sorted(await sql`SELECT lead_id, email, name, company FROM leads_search`.values())).toEqual(sorted(fts));

      // Every identity continues after the largest copied key, as SQLite's rowid would.
      for (const { table, column } of await sql<{ table: string; column: string }[]>`
        SELECT table_name AS table, column_name AS column FROM information_schema.columns WHERE is_identity = 'YES' AND table_schema = 'public'`) {
        const [row] = await sql<{ max: number; next: number }[]>`
          SELECT (SELECT COALESCE(MAX(${sql(column)}), 0) FROM ${sql(table)}) AS max, nextval(pg_get_serial_sequence(${table}, ${column})) AS next`;
        expect(row!.next, `${table}.${column}`).toBe(row!.max + 1);
      }
      const [version] = await sql<{ v: number }[]>`SELECT MAX(version) AS v FROM schema_migrations`;
      expect(version!.v).toBe(Math.max(...migrations.map((m) => m.version)));
    } finally {
      await sql.end();
    }
  }, 120_000);

  it('refuses a target that is not empty and leaves it as it was', async () => {
    const to = await pg.another();
    // On a terminal the bar is redrawn in place (\r), one finished line per table.
    const tty: string[] = [];
    await runMigrateStore({ from: source, to, batchRows: 1000 }, { progress: { isTTY: true, write: (t) => tty.push(t) }, config });
    expect(tty.filter((t) => t.startsWith('\revents '))).not.toHaveLength(0);
    expect(tty.filter((t) => t === '\n')).toHaveLength(sourceTables(source).length + 1); // and the rescore's
    expect(tty.filter((t) => t.startsWith('\rsettings ')).at(-1)).toMatch(/100% [\d,]+\/[\d,]+ rows/);
    const sql = connectPostgres(to, { max: 1 });
    try {
      const count = async () => (await sql<{ n: number }[]>`SELECT COUNT(*)::bigint AS n FROM events`)[0]!.n;
      const before = await count();
      const again = runMigrateStore({ from: source, to, batchRows: 1000 }, quiet);
      await expect(again).rejects.toMatchObject({ kind: 'target-not-empty', exitCode: 73 });
      await expect(again).rejects.toThrow(/the target holds rows in .*events/);
      expect(await count()).toBe(before);
    } finally {
      await sql.end();
    }
  }, 60_000);

  it('refuses a target migrated by a newer Kindling, before touching it', async () => {
    const to = await pg.another();
    const sql = connectPostgres(to, { max: 1 });
    try {
      await migratePostgres(sql);
      await sql`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)`;
      const refused = runMigrateStore({ from: source, to, batchRows: 1000 }, quiet);
      await expect(refused).rejects.toMatchObject({ kind: 'target-too-new', exitCode: 65 });
      await expect(refused).rejects.toThrow(/schema version 999, newer than this Kindling knows/);
    } finally {
      await sql.end();
    }
  });

  it('refuses a source that is older than the newest schema, or newer', async () => {
    const old = join(dir, 'old.db');
    openDatabase(old, { migrations: migrations.slice(0, -1) }).close();
    const refused = runMigrateStore({ from: old, to: await pg.another(), batchRows: 1000 }, quiet);
    await expect(refused).rejects.toMatchObject({ kind: 'source-outdated', exitCode: 65 });
    await expect(refused).rejects.toThrow(/not the newest .* start this version of Kindling on it once/);

    const future = alteredSource(source, 'future', "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)");
    await expect(runMigrateStore({ from: future, to: await pg.another(), batchRows: 1000 }, quiet)).rejects.toMatchObject({
      kind: 'source-too-new',
      exitCode: 65,
    });
  });

  it('refuses a source a collector has open, and a source that does not exist', async () => {
    const open = join(dir, 'open.db');
    copyFileSync(source, open);
    const release = markDatabaseInUse(open, Date.now());
    try {
      const refused = runMigrateStore({ from: open, to: await pg.another(), batchRows: 1000 }, quiet);
      await expect(refused).rejects.toMatchObject({ kind: 'source-in-use', exitCode: 75 });
      await expect(refused).rejects.toThrow(`a collector (pid ${process.pid}`);
    } finally {
      release();
    }

    // A collector that opens the file while the copy runs: rolled back, the target left empty.
    const to = await pg.another();
    let marked: (() => void) | null = null;
    const opening = { write: (text: string) => void (marked ??= text.startsWith('events') ? markDatabaseInUse(open, Date.now()) : null) };
    try {
      const late = runMigrateStore({ from: open, to, batchRows: 1000 }, { progress: opening, config });
      await expect(late).rejects.toMatchObject({ kind: 'source-in-use', exitCode: 75 });
      await expect(late).rejects.toThrow(/opened during the copy/);
    } finally {
      (marked as (() => void) | null)?.();
    }
    expect(await rowsLeft(to)).toBe(0);

    await expect(runMigrateStore({ from: join(dir, 'nope.db'), to: pg.url, batchRows: 1000 }, quiet)).rejects.toMatchObject({
      kind: 'source-missing',
      exitCode: 66,
    });
  });

  it('fails the rescore check with its own exit code, naming each row a rescore on the target changes', async () => {
    const to = await pg.another();
    await runMigrateStore({ from: source, to, batchRows: 1000 }, quiet);
    const sql = connectPostgres(to, { max: 1 });
    try {
      // After the copy, before the check: one lead's fit (its score) and another's rank key (its engagement).
      const [fitLead, rankLead] = await sql<{ id: number }[]>`SELECT id FROM leads WHERE rank_key > 0 ORDER BY id LIMIT 2`;
      await sql`UPDATE leads SET fit = fit + 5 WHERE id = ${fitLead!.id}`;
      await sql`UPDATE leads SET rank_key = rank_key * 2 WHERE id = ${rankLead!.id}`;
      const failed = checkRescoreOnTarget(to, config, quiet);
      await expect(failed).rejects.toBeInstanceOf(RescoreChangedTarget);
      await expect(failed).rejects.toMatchObject({ exitCode: 79, differences: { length: 2 } });
      await expect(failed).rejects.toThrow(new RegExp(`leads id=${fitLead!.id}: fit [\\d.]+ → [\\d.]+`));
      await expect(failed).rejects.toThrow(new RegExp(`leads id=${rankLead!.id}: rank_key [\\d.]+ → [\\d.]+`));
      // The rescore rewrote both from the event log: checked again, nothing changes.
      await expect(checkRescoreOnTarget(to, config, quiet)).resolves.toMatchObject({ leads: await leadCount(sql) });
    } finally {
      await sql.end();
    }
  }, 120_000);

  it('refuses, before copying, a source scored under other rules than the configuration gives', async () => {
    const to = await pg.another();
    const other = testConfig({ scoring: { halfLifeDays: 3 } } as never);
    const refused = runMigrateStore({ from: source, to, batchRows: 1000 }, { ...quiet, config: other });
    await expect(refused).rejects.toMatchObject({ kind: 'rules-differ', exitCode: 78 });
    await expect(refused).rejects.toThrow(/scored under other rules .*KINDLING_CONFIG/);
    const sql = connectPostgres(to, { max: 1 });
    try {
      // Not even migrated: refused before the target was touched.
      expect(await sql`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`).toHaveLength(0);
    } finally {
      await sql.end();
    }
  });

  it('rolls the whole copy back when the check finds a difference', async () => {
    const to = await pg.another();
    const sql = connectPostgres(to, { max: 1 });
    try {
      // A target that changes what it is given (here a trigger; in life a bad cast, a lossy driver):
      // the counts still match, only the content check can see it.
      await migratePostgres(sql);
      await sql.unsafe(`
        CREATE FUNCTION shout() RETURNS trigger AS $$ BEGIN NEW.value := upper(NEW.value); RETURN NEW; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER shout BEFORE INSERT ON settings FOR EACH ROW EXECUTE FUNCTION shout();`);
      const refused = runMigrateStore({ from: source, to, batchRows: 1000 }, quiet);
      await expect(refused).rejects.toMatchObject({ kind: 'check-failed', exitCode: 70 });
      await expect(refused).rejects.toThrow(/settings: the content differs/);
      expect(await rowsLeft(to)).toBe(0);
    } finally {
      await sql.end();
    }
  }, 60_000);

  it('stops rather than round an integer too large for the PostgreSQL store to read back exactly', async () => {
    const huge = alteredSource(
      source,
      'huge',
      "INSERT INTO dashboard_sessions (id_hash, created_at, expires_at) VALUES ('big', 0, 9007199254740993)",
    );
    const to = await pg.another();
    await expect(runMigrateStore({ from: huge, to, batchRows: 1000 }, quiet)).rejects.toThrow(
      'dashboard_sessions.expires_at holds 9007199254740993, too large to copy exactly',
    );
    expect(await rowsLeft(to)).toBe(0);
  });

  it('fails whole, promptly, on a row the target rejects (text SQLite let into an integer column)', async () => {
    const odd = alteredSource(source, 'odd', "INSERT INTO dashboard_sessions (id_hash, created_at, expires_at) VALUES ('odd', 'soon', 0)");
    const to = await pg.another();
    await expect(runMigrateStore({ from: odd, to, batchRows: 1000 }, quiet)).rejects.toThrow(
      /invalid input syntax for type bigint: "soon"/,
    );
    expect(await rowsLeft(to)).toBe(0);
  });

  it('refuses a target it cannot reach', async () => {
    await expect(
      runMigrateStore({ from: source, to: 'postgres://kindling@127.0.0.1:1/none', batchRows: 1000 }, quiet),
    ).rejects.toMatchObject({ kind: 'target-unreachable', exitCode: 69 });
  });

  it('runs as a built command: a progress bar per table on stderr, the report on stdout, the password never shown', async () => {
    execFileSync(process.execPath, ['build.mjs', '--only=migrate-store'], { cwd: projectRoot });
    const to = (await pg.another()).replace('://kindling@', '://kindling:s3cret-pw@'); // trust auth ignores it
    const run = (target: string) =>
      spawnSync(process.execPath, [join(projectRoot, 'dist/cli/migrate-store.js'), '--from', source, '--to', target], { encoding: 'utf8' });
    const ok = run(to);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/^events +\[█+\] 100% [\d,]+\/[\d,]+ rows/m);
    expect(ok.stderr).toMatch(/^settings +\[/m);
    expect(ok.stdout).toMatch(/^ {2}events +[\d,]+ rows {2}[0-9a-f]{16}$/m);
    expect(ok.stdout).toMatch(/^Checked: every table has the same row count and content checksum on both sides \(\d+ ms\)\.$/m);
    expect(ok.stdout).toMatch(
      /^Rescored [\d,]+ leads from [\d,]+ events on the target as of \S+: no row changed in settings \(\d+\), leads \([\d,]+\)/m,
    );
    expect(ok.stdout + ok.stderr).not.toContain('s3cret-pw');

    const refused = run(to);
    expect(refused.status).toBe(73);
    expect(refused.stderr).toContain('migrate-store: not copied: the target holds rows in');
    expect(refused.stdout).toBe('');
    expect(refused.stdout + refused.stderr).not.toContain('s3cret-pw');
  }, 120_000);
});

it('a refusal names its reason and what to do', () => {
  const err = new MoveRefused('target-not-empty', 'the target holds rows in events');
  expect(err.exitCode).toBe(73);
  expect(err.message).toMatch(/^the target holds rows in events: migrate-store copies only into an empty database/);
});
