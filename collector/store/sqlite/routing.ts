import type { DB } from '../../db/index.js';
import { asAsync, type Async } from '../port/async.js';
import type {
  DigestSent,
  FollowUpMark,
  HotStageChange,
  LeadFacts,
  OverdueLead,
  OwnerChange,
  RoutingReads,
  RoutingStore,
} from '../port/routing.js';

interface HistoryRow {
  at: number;
  from_user_id: number | null;
  to_user_id: number | null;
  how: string;
  actor: string | null;
}
export const toOwnerChange = (r: HistoryRow): OwnerChange => ({
  at: r.at,
  fromUserId: r.from_user_id,
  toUserId: r.to_user_id,
  how: r.how,
  actor: r.actor,
});
export const toOverdue = (r: { lead_id: number; sql_since: number; user_id: number | null }): OverdueLead => ({
  leadId: r.lead_id,
  sqlSince: r.sql_since,
  ownerId: r.user_id,
});

interface HotRow {
  lead_id: number;
  at: number;
  from_value: string | null;
  to_value: string;
}
export const toHotChange = (r: HotRow): HotStageChange => ({ leadId: r.lead_id, at: r.at, from: r.from_value, to: r.to_value });

/** The routing stores on SQLite: synchronous statements in the caller's transaction (one writer, so no locks to take). */
function sqliteRoutingRows(db: DB) {
  const owner = db.prepare('SELECT user_id FROM lead_owners WHERE lead_id = ?').pluck();
  const setOwner = db.prepare(`INSERT INTO lead_owners (lead_id, user_id, assigned_at) VALUES (?, ?, ?)
    ON CONFLICT (lead_id) DO UPDATE SET user_id = excluded.user_id, assigned_at = excluded.assigned_at`);
  const clearOwner = db.prepare('DELETE FROM lead_owners WHERE lead_id = ?');
  const record = db.prepare('INSERT INTO lead_owner_history (lead_id, at, from_user_id, to_user_id, how, actor) VALUES (?, ?, ?, ?, ?, ?)');
  const history = db.prepare('SELECT at, from_user_id, to_user_id, how, actor FROM lead_owner_history WHERE lead_id = ? ORDER BY id');
  const account = db.prepare('SELECT user_id FROM account_owners WHERE domain = ?').pluck();
  const claimAccount = db.prepare('INSERT OR IGNORE INTO account_owners (domain, user_id, set_at) VALUES (?, ?, ?)');
  const turn = db
    .prepare('INSERT INTO routing_counters (name, value) VALUES (?, 0) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value')
    .pluck();
  const domain = db.prepare('SELECT company_domain FROM leads WHERE id = ?').pluck();
  const sites = db.prepare('SELECT DISTINCT site FROM identity_links WHERE lead_id = ? ORDER BY site').pluck();
  const traits = db.prepare('SELECT key, value FROM lead_traits WHERE lead_id = ?');
  const digest = db.prepare('SELECT digest FROM user_alert_prefs WHERE user_id = ?').pluck();
  const setDigest = db.prepare(
    'INSERT INTO user_alert_prefs (user_id, digest) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET digest = excluded.digest',
  );
  const subscribers = db.prepare('SELECT user_id FROM user_alert_prefs WHERE digest = 1 ORDER BY user_id').pluck();
  const overdue = db.prepare(`SELECT l.id AS lead_id, l.sql_since, o.user_id FROM leads l
    LEFT JOIN lead_owners o ON o.lead_id = l.id
    WHERE l.stage = 'sql' AND l.disposition IS NULL AND l.sql_since <= @cutoff
      AND NOT EXISTS (SELECT 1 FROM followup_marks m WHERE m.lead_id = l.id AND m.sql_since = l.sql_since AND m.kind = @mark)
    ORDER BY l.sql_since, l.id LIMIT @limit`);
  const mark = db.prepare('INSERT OR IGNORE INTO followup_marks (lead_id, sql_since, kind, at) VALUES (?, ?, ?, ?)');
  const claimDigest = db.prepare('INSERT OR IGNORE INTO digest_sends (user_id, day, at) VALUES (?, ?, ?)');
  const lastDigest = db.prepare('SELECT day, at FROM digest_sends WHERE user_id = ? ORDER BY at DESC, day DESC LIMIT 1');

  return {
    ownerOf: (leadId: number) => (owner.get(leadId) as number | undefined) ?? null,
    assign(leadId: number, userId: number | null, at: number, how: string, actor: string | null): number | null {
      const before = (owner.get(leadId) as number | undefined) ?? null;
      if (before === userId) return before;
      if (userId === null) clearOwner.run(leadId);
      else setOwner.run(leadId, userId, at);
      record.run(leadId, at, before, userId, how, actor);
      return before;
    },
    history: (leadId: number) => (history.all(leadId) as HistoryRow[]).map(toOwnerChange),
    accountOwner: (d: string) => (account.get(d) as number | undefined) ?? null,
    claimAccount: (d: string, userId: number, at: number) => claimAccount.run(d, userId, at).changes > 0,
    nextTurn: (name: string) => turn.get(name) as number,
    leadFacts(leadId: number): LeadFacts {
      const rows = traits.all(leadId) as { key: string; value: string }[];
      return {
        domain: (domain.get(leadId) as string | null | undefined) ?? null,
        sites: sites.all(leadId) as string[],
        traits: Object.fromEntries(rows.map((r) => [r.key, r.value])),
      };
    },
    digestOptIn: (userId: number) => digest.get(userId) === 1,
    setDigestOptIn: (userId: number, on: boolean) => void setDigest.run(userId, on ? 1 : 0),
    digestSubscribers: () => subscribers.all() as number[],
    overdueWithout: (m: FollowUpMark, cutoff: number, limit: number) =>
      (overdue.all({ mark: m, cutoff, limit }) as Parameters<typeof toOverdue>[0][]).map(toOverdue),
    mark: (leadId: number, sqlSince: number, kind: FollowUpMark, at: number) => mark.run(leadId, sqlSince, kind, at).changes > 0,
    claimDigest: (userId: number, day: string, at: number) => claimDigest.run(userId, day, at).changes > 0,
    lastDigest: (userId: number) => (lastDigest.get(userId) as DigestSent | undefined) ?? null,
  };
}

export function createSqliteRouting(db: DB): RoutingStore {
  const rows: Async<ReturnType<typeof sqliteRoutingRows>> = asAsync(sqliteRoutingRows(db));
  return rows;
}

export function createSqliteRoutingReads(db: DB): RoutingReads {
  const owned = db.prepare('SELECT lead_id FROM lead_owners WHERE user_id = ? ORDER BY lead_id LIMIT ?').pluck();
  const overdue = db
    .prepare("SELECT id FROM leads WHERE stage = 'sql' AND disposition IS NULL AND sql_since <= ? ORDER BY sql_since, id LIMIT ?")
    .pluck();
  const history = db.prepare('SELECT at, from_user_id, to_user_id, how, actor FROM lead_owner_history WHERE lead_id = ? ORDER BY id');
  // The page's ids as one JSON parameter: one statement whatever the page size.
  const owners = db.prepare('SELECT lead_id, user_id FROM lead_owners WHERE lead_id IN (SELECT value FROM json_each(?)) ORDER BY lead_id');
  const hot = db.prepare(`SELECT h.lead_id, h.at, h.from_value, h.to_value FROM lead_history h
    WHERE h.kind = 'stage' AND h.at > @since AND h.at <= @until
      AND (h.to_value IN ('near_sql', 'sql') OR h.from_value IN ('near_sql', 'sql'))
      AND (@owner IS NULL OR EXISTS (SELECT 1 FROM lead_owners o WHERE o.lead_id = h.lead_id AND o.user_id = @owner))
    ORDER BY h.at DESC, h.id DESC LIMIT @limit`);
  const overdueOwned = db
    .prepare(
      `SELECT l.id FROM leads l JOIN lead_owners o ON o.lead_id = l.id AND o.user_id = ?
      WHERE l.stage = 'sql' AND l.disposition IS NULL AND l.sql_since <= ? ORDER BY l.sql_since, l.id LIMIT ?`,
    )
    .pluck();
  const reads = {
    owners(leadIds: readonly number[]) {
      const rows = owners.all(JSON.stringify(leadIds)) as { lead_id: number; user_id: number }[];
      return rows.map((r) => ({ leadId: r.lead_id, userId: r.user_id }));
    },
    ownedLeadIds: (userId: number, limit: number) => owned.all(userId, limit) as number[],
    overdueLeadIds: (cutoff: number, limit: number) => overdue.all(cutoff, limit) as number[],
    ownerHistory: (leadId: number) => (history.all(leadId) as HistoryRow[]).map(toOwnerChange),
    hotStageChanges: (since: number, until: number, ownerId: number | null, limit: number) =>
      (hot.all({ since, until, owner: ownerId, limit }) as HotRow[]).map(toHotChange),
    overdueOwnedBy: (ownerId: number, cutoff: number, limit: number) => overdueOwned.all(ownerId, cutoff, limit) as number[],
  };
  return asAsync(reads);
}
