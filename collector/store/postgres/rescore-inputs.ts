import { parseProps } from '../../events/rows.js';
import type { EventType } from '../../events/types.js';
import type { LeadRow, StoredProjection } from '../../engine/projection/store.js';
import type { LeadInputs } from '../../engine/rescore/replay.js';
import type { SqlOrTx } from './connect.js';

type HistoryRow = StoredProjection['history'][number] & { lead_id: number };
type TraitRow = { lead_id: number; key: string; value: string; set_at: number; evidence_seq: number | null };

/**
 * Rescore's inputs for up to `limit` leads after id `after`, in id order: one range query per
 * table over the chunk's id range (as on SQLite), sent together so they share one round trip's wait.
 * The lead rows are locked for the rest of the caller's transaction, unless `lock` is false (a
 * read-only snapshot, the backtest's, which writes nothing and must not block ingest).
 */
export async function readRescoreInputs(sql: SqlOrTx, after: number, limit: number, { lock = true } = {}): Promise<LeadInputs[]> {
  // Read for writing: the chunk's rows are locked (in id order), so ingest on another collector
  // cannot step one of these leads between this read and the rescore's write of it.
  const rows = await sql<LeadRow[]>`SELECT * FROM leads WHERE id > ${after} ORDER BY id LIMIT ${limit} ${lock ? sql`FOR UPDATE` : sql``}`;
  if (!rows.length) return [];
  const from = rows[0]!.id;
  const to = rows[rows.length - 1]!.id;
  const [events, actions, models, history, traits] = await Promise.all([
    sql<
      {
        lead_id: number;
        seq: number;
        type: string;
        name: string | null;
        ts: number;
        received_at: number;
        path: string | null;
        page_class: string | null;
        props: string;
        attributed_seq: number | null;
      }[]
    >`SELECT lead_id, seq, type, name, ts, received_at, path, page_class, props, attributed_seq
      FROM events WHERE lead_id BETWEEN ${from} AND ${to} ORDER BY lead_id, seq`,
    sql<{ lead_id: number; id: number; at: number; action: string; after_seq: number }[]>`
      SELECT lead_id, id, at, action, after_seq FROM lead_actions WHERE lead_id BETWEEN ${from} AND ${to} ORDER BY lead_id, id`,
    sql<{ lead_id: number; model: string }[]>`SELECT lead_id, model FROM lead_state WHERE lead_id BETWEEN ${from} AND ${to}`,
    sql<HistoryRow[]>`SELECT lead_id, at, kind, from_value, to_value, cause, score
      FROM lead_history WHERE lead_id BETWEEN ${from} AND ${to} ORDER BY lead_id, id`,
    sql<TraitRow[]>`SELECT lead_id, key, value, set_at, evidence_seq FROM lead_traits WHERE lead_id BETWEEN ${from} AND ${to}`,
  ]);
  const byId = new Map<number, LeadInputs>();
  for (const row of rows) byId.set(row.id, { row, events: [], actions: [], stored: { model: null, history: [], traits: new Map() } });
  for (const e of events) {
    byId.get(e.lead_id)?.events.push({
      seq: e.seq,
      type: e.type as EventType,
      name: e.name,
      ts: e.ts,
      receivedAt: e.received_at,
      path: e.path,
      pageClass: e.page_class,
      props: parseProps(e.props),
      attributedSeq: e.attributed_seq,
    });
  }
  for (const a of actions) byId.get(a.lead_id)?.actions.push({ id: a.id, at: a.at, action: a.action, afterSeq: a.after_seq });
  for (const m of models) {
    const lead = byId.get(m.lead_id);
    if (lead) lead.stored.model = m.model;
  }
  for (const { lead_id, ...h } of history) byId.get(lead_id)?.stored.history.push(h);
  for (const { lead_id, ...t } of traits) byId.get(lead_id)?.stored.traits.set(t.key, t);
  return [...byId.values()];
}
