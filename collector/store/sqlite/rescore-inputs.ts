import type { DB } from '../../db/index.js';
import { parseProps } from '../../events/rows.js';
import { EVENT_TYPES, type EventProps, type EventType } from '../../events/types.js';
import type { LeadRow, StoredProjection } from '../../engine/projection/store.js';
import type { LeadInputs, ReplayEvent } from '../../engine/rescore/inputs.js';

/**
 * An event row as `.raw()` returns it (no object per row: a rescore reads a million), the columns of
 * `EVENT_COLUMNS` in order. Each column comes back as what V8 holds without allocating where it can:
 * the type as its index in EVENT_TYPES (a small integer, not a fresh string per row; an unknown type
 * as its text), the receive time as its distance from ts (usually 0, not a second boxed double), and
 * the empty props of most events as NULL (no string to create and drop).
 */
type EventRow = [
  lead_id: number,
  seq: number,
  type: number | string,
  name: string | null,
  ts: number,
  received_after: number,
  path: string | null,
  page_class: string | null,
  props: string | null,
  attributed_seq: number | null,
];

/** The column list of the events read; the type CASE is built from EVENT_TYPES, so code and index cannot drift apart. */
const EVENT_COLUMNS = [
  'lead_id',
  'seq',
  `CASE type ${EVENT_TYPES.map((t, i) => `WHEN '${t}' THEN ${i}`).join(' ')} ELSE type END`,
  'name',
  'ts',
  'received_at - ts',
  'path',
  'page_class',
  "NULLIF(props, '{}')",
  'attributed_seq',
].join(', ');

/**
 * An event as a replay reads it. Its props are parsed only when a rule looks at them: most rules
 * test the type, page class or path first, and most events (page views) never need them.
 */
class StoredReplayEvent implements ReplayEvent {
  readonly seq: number;
  readonly type: EventType;
  readonly name: string | null;
  readonly ts: number;
  readonly receivedAt: number;
  readonly path: string | null;
  readonly pageClass: string | null;
  readonly attributedSeq: number | null;
  /** The stored JSON until first read; null: the empty object (a fresh one per event, as parseProps gives). */
  #props: string | null | EventProps;
  constructor(row: EventRow, path: string | null, pageClass: string | null) {
    this.seq = row[1];
    const type = row[2];
    this.type = (typeof type === 'number' ? EVENT_TYPES[type] : type) as EventType;
    this.name = row[3];
    this.ts = row[4];
    this.receivedAt = row[4] + row[5];
    this.path = path;
    this.pageClass = pageClass;
    this.#props = row[8];
    this.attributedSeq = row[9];
  }
  get props(): EventProps {
    if (this.#props === null) this.#props = {};
    else if (typeof this.#props === 'string') this.#props = parseProps(this.#props);
    return this.#props;
  }
}

/**
 * Reads rescore's inputs a chunk of leads at a time: one range scan per table over the chunk's
 * id range instead of a query per lead and table, and only the event columns a replay reads.
 * `stored: false` (backtests) skips what is stored for each lead now.
 */
export function createInputReader(db: DB, options: { stored?: boolean } = {}) {
  const withStored = options.stored ?? true;
  const leads = db.prepare<[number, number, number], LeadRow>('SELECT * FROM leads WHERE id > ? AND id <= ? ORDER BY id LIMIT ?');
  const events = db
    .prepare<[number, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE lead_id BETWEEN ? AND ? ORDER BY lead_id, seq`)
    .raw();
  const actions = db.prepare<[number, number], { lead_id: number; id: number; at: number; action: string; after_seq: number }>(
    'SELECT lead_id, id, at, action, after_seq FROM lead_actions WHERE lead_id BETWEEN ? AND ? ORDER BY lead_id, id',
  );
  const models = db.prepare<[number, number], { lead_id: number; model: string }>(
    'SELECT lead_id, model FROM lead_state WHERE lead_id BETWEEN ? AND ?',
  );
  const history = db.prepare<[number, number], StoredProjection['history'][number] & { lead_id: number }>(
    'SELECT lead_id, at, kind, from_value, to_value, cause, score FROM lead_history WHERE lead_id BETWEEN ? AND ? ORDER BY lead_id, id',
  );
  const traits = db.prepare<[number, number], { lead_id: number; key: string; value: string; set_at: number; evidence_seq: number | null }>(
    'SELECT lead_id, key, value, set_at, evidence_seq FROM lead_traits WHERE lead_id BETWEEN ? AND ?',
  );

  return {
    /** Up to `limit` leads with ids after `after` (and at most `through`), in id order. */
    chunk(after: number, limit: number, through: number | null = null): LeadInputs[] {
      const rows = leads.all(after, through ?? Number.MAX_SAFE_INTEGER, limit);
      if (!rows.length) return [];
      const from = rows[0]!.id;
      const to = rows[rows.length - 1]!.id;
      const byId = new Map<number, LeadInputs>();
      for (const row of rows) byId.set(row.id, { row, events: [], actions: [], stored: { model: null, history: [], traits: new Map() } });
      // Rows come ordered by lead: look the lead up only when it changes.
      let current: LeadInputs | undefined;
      // One string per distinct path and page class in the chunk (a few dozen), not one per event:
      // the chunk's events stay alive through its replay, and duplicates would only be copied by
      // every scavenge meanwhile. A table per chunk, so it never grows with the database.
      const strings = new Map<string, string>();
      const interned = (text: string | null) => {
        if (text === null) return null;
        const known = strings.get(text);
        if (known !== undefined) return known;
        strings.set(text, text);
        return text;
      };
      for (const e of events.all(from, to)) {
        if (current?.row.id !== e[0]) current = byId.get(e[0]);
        current?.events.push(new StoredReplayEvent(e, interned(e[6]), interned(e[7])));
      }
      for (const a of actions.all(from, to))
        byId.get(a.lead_id)?.actions.push({ id: a.id, at: a.at, action: a.action, afterSeq: a.after_seq });
      if (!withStored) return [...byId.values()];
      for (const m of models.all(from, to)) {
        const lead = byId.get(m.lead_id);
        if (lead) lead.stored.model = m.model;
      }
      for (const { lead_id, ...h } of history.all(from, to)) byId.get(lead_id)?.stored.history.push(h);
      for (const t of traits.all(from, to)) byId.get(t.lead_id)?.stored.traits.set(t.key, t);
      return [...byId.values()];
    },
  };
}

/**
 * The lead ids that cut the leads into `parts` ranges of (nearly) equal size: the last id of each
 * range but the last. Fewer leads than parts: no cut.
 */
export function leadBounds(db: DB, parts: number): number[] {
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM leads').get()!.n;
  if (count < parts) return [];
  const at = db.prepare<[number], { id: number }>('SELECT id FROM leads ORDER BY id LIMIT 1 OFFSET ?');
  const bounds: number[] = [];
  for (let i = 1; i < parts; i++) bounds.push(at.get(Math.floor((count * i) / parts) - 1)!.id);
  return bounds;
}
