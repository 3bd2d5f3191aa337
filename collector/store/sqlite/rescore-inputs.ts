import type { DB } from '../../db/index.js';
import { parseProps } from '../../events/rows.js';
import { EVENT_TYPES, type EventProps, type EventType } from '../../events/types.js';
import type { LeadRow, StoredProjection } from '../../engine/projection/store.js';
import type { LeadInputs, ReplayEvent } from '../../engine/rescore/inputs.js';
import { LEAD_COLUMNS, leadRowOf } from './lead-row.js';

/**
 * An event as the reader gets it: one element of its lead's JSON array (see `EVENTS_OF_LEADS`), the
 * columns of `EVENT_FIELDS` in order. Each field comes as what V8 holds without allocating where it
 * can: the type as its index in EVENT_TYPES (a small integer, not a fresh string per row; an unknown
 * type as its text), the receive time as its distance from ts (usually 0, not a second boxed double),
 * and the empty props of most events as null (no string to create and drop).
 */
type EventFields = [
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

/** The fields of `EventFields`; the type CASE is built from EVENT_TYPES, so code and index cannot drift apart. */
const EVENT_FIELDS = [
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
 * Each lead's events as one JSON array of arrays, one row per lead. better-sqlite3 pays for every
 * value it hands to JavaScript (a column of a row costs about as much as SQLite finding the row), so
 * ten columns per event cost more than SQLite writing the same values as JSON and V8's JSON.parse
 * reading them back: ~1.4 s against ~2.2 s of CPU per 1M events (the integers are exact in JSON;
 * text stays text, props still unparsed). The array comes in the order the `events_lead (lead_id,
 * seq)` index walks them, seq order; it is not asked for (`ORDER BY seq` inside the aggregate made
 * SQLite sort each lead's events again in a temporary B-tree, ~15% of the read), and `inSeqOrder`
 * checks it and sorts only if another plan ever gives another order.
 */
const EVENTS_OF_LEADS = `SELECT lead_id, json_group_array(json_array(${EVENT_FIELDS}))
  FROM events WHERE lead_id BETWEEN ? AND ? GROUP BY lead_id`;

/** A lead's events in seq order: as given when they already are (one pass), else sorted. */
export function inSeqOrder<T extends readonly [number, ...unknown[]]>(events: T[]): T[] {
  for (let i = 1; i < events.length; i++) if (events[i]![0] < events[i - 1]![0]) return events.sort((a, b) => a[0] - b[0]);
  return events;
}

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
  constructor(e: EventFields, path: string | null, pageClass: string | null) {
    this.seq = e[0];
    const type = e[1];
    this.type = (typeof type === 'number' ? EVENT_TYPES[type] : type) as EventType;
    this.name = e[2];
    this.ts = e[3];
    this.receivedAt = e[3] + e[4];
    this.path = path;
    this.pageClass = pageClass;
    this.#props = e[7];
    this.attributedSeq = e[8];
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
  const leads = db
    .prepare<[number, number, number], unknown[]>(
      `SELECT ${LEAD_COLUMNS.join(', ')} FROM leads WHERE id > ? AND id <= ? ORDER BY id LIMIT ?`,
    )
    .raw();
  const events = db.prepare<[number, number], [lead_id: number, events: string]>(EVENTS_OF_LEADS).raw();
  const actions = db.prepare<[number, number], { lead_id: number; id: number; at: number; action: string; after_seq: number }>(
    'SELECT lead_id, id, at, action, after_seq FROM lead_actions WHERE lead_id BETWEEN ? AND ? ORDER BY lead_id, id',
  );
  const models = db
    .prepare<[number, number], [lead_id: number, model: string]>('SELECT lead_id, model FROM lead_state WHERE lead_id BETWEEN ? AND ?')
    .raw();
  // History and trait rows come raw and are built by one literal each (better-sqlite3 builds a row
  // object one property at a time, and the lead id is not kept).
  type H = StoredProjection['history'][number];
  const history = db
    .prepare<
      [number, number],
      [lead_id: number, at: H['at'], kind: H['kind'], from: H['from_value'], to: H['to_value'], cause: H['cause'], score: H['score']]
    >('SELECT lead_id, at, kind, from_value, to_value, cause, score FROM lead_history WHERE lead_id BETWEEN ? AND ? ORDER BY lead_id, id')
    .raw();
  const traits = db
    .prepare<[number, number], [lead_id: number, key: string, value: string, set_at: number, evidence_seq: number | null]>(
      'SELECT lead_id, key, value, set_at, evidence_seq FROM lead_traits WHERE lead_id BETWEEN ? AND ?',
    )
    .raw();

  return {
    /** Up to `limit` leads with ids after `after` (and at most `through`), in id order. */
    chunk(after: number, limit: number, through: number | null = null): LeadInputs[] {
      const rows = leads.all(after, through ?? Number.MAX_SAFE_INTEGER, limit).map(leadRowOf);
      if (!rows.length) return [];
      const from = rows[0]!.id;
      const to = rows[rows.length - 1]!.id;
      const byId = new Map<number, LeadInputs>();
      for (const row of rows) byId.set(row.id, { row, events: [], actions: [], stored: { model: null, history: [], traits: new Map() } });
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
      for (const [leadId, json] of events.all(from, to)) {
        const lead = byId.get(leadId);
        if (!lead) continue;
        for (const e of inSeqOrder(JSON.parse(json) as EventFields[]))
          lead.events.push(new StoredReplayEvent(e, interned(e[5]), interned(e[6])));
      }
      for (const a of actions.all(from, to))
        byId.get(a.lead_id)?.actions.push({ id: a.id, at: a.at, action: a.action, afterSeq: a.after_seq });
      if (!withStored) return [...byId.values()];
      for (const [leadId, model] of models.all(from, to)) {
        const lead = byId.get(leadId);
        if (lead) lead.stored.model = model;
      }
      for (const [leadId, at, kind, from_value, to_value, cause, score] of history.all(from, to))
        byId.get(leadId)?.stored.history.push({ at, kind, from_value, to_value, cause, score });
      for (const [leadId, key, value, set_at, evidence_seq] of traits.all(from, to)) {
        // The key too, as the PostgreSQL reader's rows carry it.
        const entry = { key, value, set_at, evidence_seq };
        byId.get(leadId)?.stored.traits.set(key, entry);
      }
      return [...byId.values()];
    },
  };
}

/** The highest lead id in this snapshot (0 when there is no lead): a rescore worker takes blocks of ids up to it. */
export function lastLeadId(db: DB): number {
  return db.prepare<[], { id: number | null }>('SELECT MAX(id) AS id FROM leads').get()!.id ?? 0;
}
