import type { RoutingReads, RoutingStore } from '../port/routing.js';
import { toHotChange, toOverdue, toOwnerChange } from '../sqlite/routing.js';
import type { SqlOrTx } from './connect.js';

/**
 * The routing stores on PostgreSQL. Collectors route at once: the owner row is read FOR UPDATE
 * (the engine already holds the lead's lock in its unit, a manual reassignment takes it here),
 * the round-robin counter is one row updated in place (its row lock orders the turns), and the
 * account owner and follow-up marks are settled by their primary keys (ON CONFLICT DO NOTHING).
 */
export function createPostgresRouting(sql: SqlOrTx): RoutingStore {
  const ownerOf = async (leadId: number) =>
    (await sql<{ user_id: number }[]>`SELECT user_id FROM lead_owners WHERE lead_id = ${leadId} FOR UPDATE`)[0]?.user_id ?? null;
  return {
    ownerOf,
    async assign(leadId, userId, at, how, actor) {
      const before = await ownerOf(leadId);
      if (before === userId) return before;
      if (userId === null) await sql`DELETE FROM lead_owners WHERE lead_id = ${leadId}`;
      else
        await sql`INSERT INTO lead_owners (lead_id, user_id, assigned_at) VALUES (${leadId}, ${userId}, ${at})
          ON CONFLICT (lead_id) DO UPDATE SET user_id = excluded.user_id, assigned_at = excluded.assigned_at`;
      await sql`INSERT INTO lead_owner_history (lead_id, at, from_user_id, to_user_id, how, actor)
        VALUES (${leadId}, ${at}, ${before}, ${userId}, ${how}, ${actor})`;
      return before;
    },
    history: async (leadId) =>
      (
        await sql<Parameters<typeof toOwnerChange>[0][]>`SELECT at, from_user_id, to_user_id, how, actor FROM lead_owner_history
          WHERE lead_id = ${leadId} ORDER BY id`
      ).map(toOwnerChange),
    accountOwner: async (domain) =>
      (await sql<{ user_id: number }[]>`SELECT user_id FROM account_owners WHERE domain = ${domain}`)[0]?.user_id ?? null,
    claimAccount: async (domain, userId, at) =>
      (await sql`INSERT INTO account_owners (domain, user_id, set_at) VALUES (${domain}, ${userId}, ${at}) ON CONFLICT DO NOTHING`).count >
      0,
    async nextTurn(name) {
      const [row] = await sql<{ value: number }[]>`INSERT INTO routing_counters (name, value) VALUES (${name}, 0)
        ON CONFLICT (name) DO UPDATE SET value = routing_counters.value + 1 RETURNING value`;
      return row!.value;
    },
    async leadFacts(leadId) {
      const [[lead], sites, traits] = await Promise.all([
        sql<{ company_domain: string | null }[]>`SELECT company_domain FROM leads WHERE id = ${leadId}`,
        sql<{ site: string }[]>`SELECT DISTINCT site FROM identity_links WHERE lead_id = ${leadId} ORDER BY site`,
        sql<{ key: string; value: string }[]>`SELECT key, value FROM lead_traits WHERE lead_id = ${leadId}`,
      ]);
      return {
        domain: lead?.company_domain ?? null,
        sites: sites.map((s) => s.site),
        traits: Object.fromEntries(traits.map((t) => [t.key, t.value])),
      };
    },
    digestOptIn: async (userId) =>
      (await sql<{ digest: boolean }[]>`SELECT digest FROM user_alert_prefs WHERE user_id = ${userId}`)[0]?.digest ?? false,
    async setDigestOptIn(userId, on) {
      await sql`INSERT INTO user_alert_prefs (user_id, digest) VALUES (${userId}, ${on})
        ON CONFLICT (user_id) DO UPDATE SET digest = excluded.digest`;
    },
    digestSubscribers: async () =>
      (await sql<{ user_id: number }[]>`SELECT user_id FROM user_alert_prefs WHERE digest ORDER BY user_id`).map((r) => r.user_id),
    overdueWithout: async (mark, cutoff, limit) =>
      (
        await sql<Parameters<typeof toOverdue>[0][]>`SELECT l.id AS lead_id, l.sql_since, o.user_id FROM leads l
          LEFT JOIN lead_owners o ON o.lead_id = l.id
          WHERE l.stage = 'sql' AND l.disposition IS NULL AND l.sql_since <= ${cutoff}
            AND NOT EXISTS (SELECT 1 FROM followup_marks m WHERE m.lead_id = l.id AND m.sql_since = l.sql_since AND m.kind = ${mark})
          ORDER BY l.sql_since, l.id LIMIT ${limit}`
      ).map(toOverdue),
    mark: async (leadId, sqlSince, kind, at) =>
      (
        await sql`INSERT INTO followup_marks (lead_id, sql_since, kind, at) VALUES (${leadId}, ${sqlSince}, ${kind}, ${at})
          ON CONFLICT DO NOTHING`
      ).count > 0,
    claimDigest: async (userId, day, at) =>
      (await sql`INSERT INTO digest_sends (user_id, day, at) VALUES (${userId}, ${day}, ${at}) ON CONFLICT DO NOTHING`).count > 0,
    lastDigest: async (userId) =>
      (
        await sql<{ day: string; at: number }[]>`SELECT day, at FROM digest_sends WHERE user_id = ${userId}
          ORDER BY at DESC, day DESC LIMIT 1`
      )[0] ?? null,
  };
}

export function createPostgresRoutingReads(sql: SqlOrTx): RoutingReads {
  return {
    owners: async (leadIds) =>
      leadIds.length
        ? (
            await sql<{ lead_id: number; user_id: number }[]>`SELECT lead_id, user_id FROM lead_owners
              WHERE lead_id = ANY(${sql.array([...leadIds], 20)}) ORDER BY lead_id`
          ).map((r) => ({ leadId: r.lead_id, userId: r.user_id }))
        : [],
    ownedLeadIds: async (userId, limit) =>
      (await sql<{ lead_id: number }[]>`SELECT lead_id FROM lead_owners WHERE user_id = ${userId} ORDER BY lead_id LIMIT ${limit}`).map(
        (r) => r.lead_id,
      ),
    overdueLeadIds: async (cutoff, limit) =>
      (
        await sql<{ id: number }[]>`SELECT id FROM leads WHERE stage = 'sql' AND disposition IS NULL AND sql_since <= ${cutoff}
          ORDER BY sql_since, id LIMIT ${limit}`
      ).map((r) => r.id),
    ownerHistory: async (leadId) =>
      (
        await sql<Parameters<typeof toOwnerChange>[0][]>`SELECT at, from_user_id, to_user_id, how, actor FROM lead_owner_history
          WHERE lead_id = ${leadId} ORDER BY id`
      ).map(toOwnerChange),
    hotStageChanges: async (since, until, ownerId, limit) =>
      (
        await sql<Parameters<typeof toHotChange>[0][]>`SELECT h.lead_id, h.at, h.from_value, h.to_value FROM lead_history h
          WHERE h.kind = 'stage' AND h.at > ${since} AND h.at <= ${until}
            AND (h.to_value IN ('near_sql', 'sql') OR h.from_value IN ('near_sql', 'sql'))
            AND (${ownerId}::bigint IS NULL OR EXISTS (SELECT 1 FROM lead_owners o WHERE o.lead_id = h.lead_id AND o.user_id = ${ownerId}))
          ORDER BY h.at DESC, h.id DESC LIMIT ${limit}`
      ).map(toHotChange),
    overdueOwnedBy: async (ownerId, cutoff, limit) =>
      (
        await sql<{ id: number }[]>`SELECT l.id FROM leads l JOIN lead_owners o ON o.lead_id = l.id AND o.user_id = ${ownerId}
          WHERE l.stage = 'sql' AND l.disposition IS NULL AND l.sql_since <= ${cutoff} ORDER BY l.sql_since, l.id LIMIT ${limit}`
      ).map((r) => r.id),
  };
}
