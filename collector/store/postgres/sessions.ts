import type { DashboardSessions } from '../port/parts.js';
import { applySessionChange, type SessionRows } from '../../dashboard/sessions.js';
import type { Sql, SqlOrTx } from './connect.js';
import { inTransaction } from './transaction.js';
import { createPostgresTeamReads, createPostgresTeamStores } from './team.js';

/** Sessions in the shared database: one created on any collector is valid on all of them. */
export function createPostgresSessions(sql: SqlOrTx): DashboardSessions {
  return {
    async insert({ idHash, createdAt, expiresAt, userId }) {
      await sql`INSERT INTO dashboard_sessions (id_hash, created_at, expires_at, user_id)
        VALUES (${idHash}, ${createdAt}, ${expiresAt}, ${userId ?? null})`;
    },
    async liveUntil(idHash, now) {
      const [row] = await sql<
        { expires_at: number }[]
      >`SELECT expires_at FROM dashboard_sessions WHERE id_hash = ${idHash} AND expires_at > ${now}`;
      return row?.expires_at ?? null;
    },
    async remove(idHash) {
      await sql`DELETE FROM dashboard_sessions WHERE id_hash = ${idHash}`;
    },
    async removeOfUser(userId) {
      return (await sql`DELETE FROM dashboard_sessions WHERE user_id = ${userId}`).count;
    },
    async removeExpired(now) {
      return (await sql`DELETE FROM dashboard_sessions WHERE expires_at <= ${now}`).count;
    },
  };
}

/** The dashboard's session rows on PostgreSQL: a sign-in's sweep and insert commit together. */
export function postgresSessionStore(sql: Sql): SessionRows {
  return {
    read: createPostgresTeamReads(sql),
    save: (change) =>
      inTransaction(sql, (tx) => applySessionChange({ sessions: createPostgresSessions(tx), ...createPostgresTeamStores(tx) }, change)),
  };
}
