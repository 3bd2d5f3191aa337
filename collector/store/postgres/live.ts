import type { LiveMessage } from '../../dashboard/live.js';
import type { Sql, SqlOrTx } from './connect.js';
import type { LiveBus } from '../port/index.js';

/** The channel every collector LISTENs on for the dashboards' live updates. */
export const LIVE_CHANNEL = 'kindling_live';
/** NOTIFY payloads must stay under 8000 bytes; keep a margin. */
export const MAX_PAYLOAD_BYTES = 7900;

/** Packs messages into JSON arrays of at most MAX_PAYLOAD_BYTES each, in order. */
export function livePayloads(messages: readonly LiveMessage[]): string[] {
  const payloads: string[] = [];
  let current: string[] = [];
  let bytes = 2;
  for (const m of messages) {
    const json = JSON.stringify(m);
    const size = Buffer.byteLength(json) + 1;
    if (current.length && bytes + size > MAX_PAYLOAD_BYTES) {
      payloads.push(`[${current.join(',')}]`);
      current = [];
      bytes = 2;
    }
    current.push(json);
    bytes += size;
  }
  if (current.length) payloads.push(`[${current.join(',')}]`);
  return payloads;
}

/**
 * Inside the transaction that made the change: PostgreSQL delivers a NOTIFY only when its
 * transaction commits (and never if it rolls back), so listeners only ever hear of committed state.
 */
export async function publishLive(tx: SqlOrTx, messages: readonly LiveMessage[]): Promise<void> {
  for (const payload of livePayloads(messages)) await tx`SELECT pg_notify(${LIVE_CHANNEL}, ${payload})`;
}

/**
 * Hears every collector's committed changes (its own included). postgres.js keeps one dedicated
 * connection for LISTEN and listens again after a reconnect. Resolves once listening; returns unlisten.
 */
export async function subscribeLive(sql: Sql, listener: (messages: LiveMessage[]) => void): Promise<() => Promise<void>> {
  const { unlisten } = await sql.listen(LIVE_CHANNEL, (payload) => listener(JSON.parse(payload) as LiveMessage[]));
  return unlisten;
}

/** The fleet's live bus: NOTIFY after commit, LISTEN on every collector (this one included). */
export function createPostgresLiveBus(sql: Sql): LiveBus {
  return {
    async publish(messages) {
      if (messages.length) await publishLive(sql, messages);
    },
    subscribe: (listener) => subscribeLive(sql, listener),
  };
}
