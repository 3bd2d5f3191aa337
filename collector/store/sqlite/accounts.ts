import type { DB } from '../../db/index.js';
import type { AccountEvent, AccountLabel, AccountRow, AccountsTx, ActivityRow } from '../port/accounts.js';
import { asAsync } from '../port/async.js';
import { ACCOUNT_EVENT_COLUMNS, parseProps } from '../../events/rows.js';
import type { EventType } from '../../events/types.js';
import { ACTIVITY_COLUMNS, activityWrites, createSqliteActivityRebuild, discardStagedActivity } from './activity-rebuild.js';

const ACCOUNT_COLUMNS = 'key, kind, COALESCE(enriched_name, name) AS name, domain, asn, country, latched_until, surged_at';

type AccountEventRow = [number, string, string, number | null, string, string | null, number, string | null, string | null, string];

const accountEvent = (r: AccountEventRow): AccountEvent => ({
  seq: r[0],
  site: r[1],
  visitorId: r[2],
  leadId: r[3],
  type: r[4] as EventType,
  name: r[5],
  ts: r[6],
  path: r[7],
  pageClass: r[8],
  props: parseProps(r[9]),
});

/** The account projection's rows on SQLite (the PostgreSQL twin: postgres/accounts.ts). */
export function createSqliteAccounts(db: DB): AccountsTx {
  // Saved for every account a commit touches, nearly always unchanged: the WHERE makes that a no-op
  // instead of an update that rewrites the row's page (a WAL frame at every commit).
  const saveLabel = db.prepare(`
    INSERT INTO accounts (key, kind, name, domain, asn, country) VALUES (@key, @kind, @name, @domain, @asn, @country)
    ON CONFLICT (key) DO UPDATE SET name = excluded.name, country = COALESCE(excluded.country, accounts.country)
    WHERE accounts.name IS NOT excluded.name OR (excluded.country IS NOT NULL AND accounts.country IS NOT excluded.country)`);
  const live = activityWrites(db, 'account_activity');
  const account = db.prepare<[string], AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE key = ?`);
  const setLatch = db.prepare('UPDATE accounts SET latched_until = ?, surged_at = COALESCE(?, surged_at) WHERE key = ?');
  const leadAccounts = db.prepare<[number], { account_key: string }>(
    'SELECT DISTINCT account_key FROM account_activity WHERE lead_id = ? ORDER BY account_key',
  );
  const forgetLead = db.prepare('DELETE FROM account_activity WHERE lead_id = ?');
  const rebuild = createSqliteActivityRebuild(db);
  // Only the columns the projection reads, as arrays: better-sqlite3 pays per value handed over and
  // per property set, and a rebuild reads the whole log (SELECT * was the rebuild's largest cost).
  const eventsAfter = db
    .prepare<[number, number], AccountEventRow>(`SELECT ${ACCOUNT_EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`)
    .raw();
  const reads = createSqliteAccountReads(db);
  const rows = {
    saveLabel: (label: AccountLabel) => void saveLabel.run(label),
    addActivity: live.addActivity,
    takeAnonymous: live.takeAnonymous,
    activity: (key: string, sinceDay: number) => reads.accountActivity(key, sinceDay),
    account: (key: string) => account.get(key) ?? null,
    setLatch: (key: string, latchedUntil: number | null, surgedAt: number | null) => void setLatch.run(latchedUntil, surgedAt, key),
    forgetLead(leadId: number): string[] {
      const keys = leadAccounts.all(leadId).map((r) => r.account_key);
      forgetLead.run(leadId);
      discardStagedActivity(db);
      return keys;
    },
    eventsAfter: (seq: number, limit: number) => eventsAfter.all(seq, limit).map(accountEvent),
  };
  return { ...asAsync(rows), rebuild: () => rebuild };
}

export function createSqliteAccountReads(db: DB) {
  const activity = db.prepare<[string, number], ActivityRow>(
    `SELECT ${ACTIVITY_COLUMNS} FROM account_activity WHERE account_key = ? AND day >= ? ORDER BY day, site, visitor_id, lead_id`,
  );
  const allActivity = db.prepare<[number], ActivityRow>(
    `SELECT ${ACTIVITY_COLUMNS} FROM account_activity WHERE day >= ? AND account_key <> '' ORDER BY account_key, day, site, visitor_id, lead_id`,
  );
  const active = db.prepare<[number], AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE key IN (SELECT account_key FROM account_activity WHERE day >= ?) ORDER BY key`,
  );
  const account = db.prepare<[string], AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE key = ?`);
  return {
    accountActivity: (key: string, sinceDay: number) => activity.all(key, sinceDay),
    accountsActive: (sinceDay: number) => ({ accounts: active.all(sinceDay), activity: allActivity.all(sinceDay) }),
    account: (key: string) => account.get(key) ?? null,
  };
}
