import type { AccountEvent, AccountLabel, AccountReads, AccountRow, AccountsTx, ActivityRow } from '../port/accounts.js';
import type { SqlOrTx } from './connect.js';
import { ACCOUNT_EVENT_COLUMNS, parseProps, type EventRow } from '../../events/rows.js';
import type { EventType } from '../../events/types.js';

/** The account projection's rows on PostgreSQL (the SQLite twin: sqlite/accounts.ts); orders in byte order, as SQLite's. */
export function createPostgresAccounts(sql: SqlOrTx): AccountsTx {
  const reads = createPostgresAccountReads(sql);
  const accounts: AccountsTx = {
    // Unchanged (nearly always) is a no-op, not a new row version at every commit (as on SQLite).
    async saveLabel(l: AccountLabel) {
      await sql`INSERT INTO accounts (key, kind, name, domain, asn, country)
        VALUES (${l.key}, ${l.kind}, ${l.name}, ${l.domain}, ${l.asn}, ${l.country})
        ON CONFLICT (key) DO UPDATE SET name = excluded.name, country = COALESCE(excluded.country, accounts.country)
        WHERE accounts.name IS DISTINCT FROM excluded.name
          OR (excluded.country IS NOT NULL AND accounts.country IS DISTINCT FROM excluded.country)`;
    },
    async addActivity(r: ActivityRow) {
      await sql`INSERT INTO account_activity (account_key, site, visitor_id, lead_id, day, views, pricing_views, downloads, forms, points)
        VALUES (${r.account_key}, ${r.site}, ${r.visitor_id}, ${r.lead_id}, ${r.day}, ${r.views}, ${r.pricing_views}, ${r.downloads},
          ${r.forms}, ${r.points})
        ON CONFLICT (site, visitor_id, lead_id, day) DO UPDATE SET
          account_key = CASE WHEN excluded.account_key = '' THEN account_activity.account_key ELSE excluded.account_key END,
          views = account_activity.views + excluded.views,
          pricing_views = account_activity.pricing_views + excluded.pricing_views,
          downloads = account_activity.downloads + excluded.downloads,
          forms = account_activity.forms + excluded.forms,
          points = account_activity.points + excluded.points`;
    },
    async takeAnonymous(site, visitorId) {
      return [
        ...(await sql<ActivityRow[]>`DELETE FROM account_activity WHERE site = ${site} AND visitor_id = ${visitorId} AND lead_id = 0
          RETURNING account_key, site, visitor_id, lead_id, day, views, pricing_views, downloads, forms, points`),
      ].sort((a, b) => a.day - b.day);
    },
    activity: (key, sinceDay) => reads.accountActivity(key, sinceDay),
    account: (key) => reads.account(key),
    async setLatch(key, latchedUntil, surgedAt) {
      await sql`UPDATE accounts SET latched_until = ${latchedUntil}, surged_at = COALESCE(${surgedAt}::bigint, surged_at) WHERE key = ${key}`;
    },
    async forgetLead(leadId) {
      const rows = await sql<{ account_key: string }[]>`DELETE FROM account_activity WHERE lead_id = ${leadId} RETURNING account_key`;
      return [...new Set(rows.map((r) => r.account_key))].sort();
    },
    // A fleet's sequence values can commit out of order, so the log's order is not the order ingest
    // stored it in: the rebuild runs in one transaction, on the live table.
    rebuild() {
      return {
        staged: false,
        begin: async () => void (await sql`DELETE FROM account_activity`),
        intact: async () => true,
        addActivity: (row) => accounts.addActivity(row),
        takeAnonymous: (site, visitorId) => accounts.takeAnonymous(site, visitorId),
        finish: async () => {},
      };
    },
    async eventsAfter(seq, limit) {
      const rows = await sql<
        EventRow[]
      >`SELECT ${sql.unsafe(ACCOUNT_EVENT_COLUMNS)} FROM events WHERE seq > ${seq} ORDER BY seq LIMIT ${limit}`;
      return rows.map((r): AccountEvent => ({
        seq: r.seq,
        site: r.site,
        visitorId: r.visitor_id,
        leadId: r.lead_id,
        type: r.type as EventType,
        name: r.name,
        ts: r.ts,
        path: r.path,
        pageClass: r.page_class,
        props: parseProps(r.props),
      }));
    },
  };
  return accounts;
}

export function createPostgresAccountReads(sql: SqlOrTx): AccountReads {
  return {
    async accountActivity(key, sinceDay) {
      return [
        ...(await sql<ActivityRow[]>`SELECT account_key, site, visitor_id, lead_id, day, views, pricing_views, downloads, forms, points
          FROM account_activity WHERE account_key = ${key} AND day >= ${sinceDay}
          ORDER BY day, site COLLATE "C", visitor_id COLLATE "C", lead_id`),
      ];
    },
    async accountsActive(sinceDay) {
      const accounts = await sql<
        AccountRow[]
      >`SELECT key, kind, COALESCE(enriched_name, name) AS name, domain, asn, country, latched_until, surged_at FROM accounts
        WHERE key IN (SELECT account_key FROM account_activity WHERE day >= ${sinceDay}) ORDER BY key COLLATE "C"`;
      const activity = await sql<ActivityRow[]>`
        SELECT account_key, site, visitor_id, lead_id, day, views, pricing_views, downloads, forms, points
        FROM account_activity WHERE day >= ${sinceDay} AND account_key <> ''
        ORDER BY account_key COLLATE "C", day, site COLLATE "C", visitor_id COLLATE "C", lead_id`;
      return { accounts: [...accounts], activity: [...activity] };
    },
    async account(key) {
      const [row] = await sql<
        AccountRow[]
      >`SELECT key, kind, COALESCE(enriched_name, name) AS name, domain, asn, country, latched_until, surged_at FROM accounts WHERE key = ${key}`;
      return row ?? null;
    },
  };
}
