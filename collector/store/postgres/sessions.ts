import type { DashboardSessions } from '../port/parts.js';
import type { SqlOrTx } from './connect.js';

/** Sessions in the shared database: one created on any collector is valid on all of them. */
export function createPostgresSessions(sql: SqlOrTx): DashboardSessions {
  return {
    async insert({ idHash, createdAt, expiresAt }) {
      await sql`INSERT INTO dashboard_sessions (id_hash, created_at, expires_at) VALUES (${idHash}, ${createdAt}, ${expiresAt})`;
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
    async removeExpired(now) {
      return (await sql`DELETE FROM dashboard_sessions WHERE expires_at <= ${now}`).count;
    },
  };
}
