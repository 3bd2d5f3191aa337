import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index.js';
import { rowToEvent, type EventRow } from '../../events/rows.js';
import { engineHarness, events, newEvent } from '../../../test/support/engine.js';
import { createInputReader, inSeqOrder } from './rescore-inputs.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

/** Every field a replay reads, as a plain object (the reader's events parse their props on first read). */
const replayFields = (e: {
  seq: number;
  type: string;
  name: string | null;
  ts: number;
  receivedAt: number;
  path: string | null;
  pageClass: string | null;
  props: unknown;
  attributedSeq: number | null;
}) => ({
  seq: e.seq,
  type: e.type,
  name: e.name,
  ts: e.ts,
  receivedAt: e.receivedAt,
  path: e.path,
  pageClass: e.pageClass,
  props: e.props,
  attributedSeq: e.attributedSeq,
});

/**
 * The rescore reader asks SQLite for lean columns (the type as an index, the receive time as a
 * distance from ts, empty props as NULL) and interns paths per chunk: each event it builds must
 * still equal the stored row field for field.
 */
describe('the rescore input reader (SQLite)', () => {
  it('reads every event field as stored, for every event type, in chunks of any size', async () => {
    const db = openDatabase(':memory:');
    const h = await engineHarness({}, { db });
    try {
      const late = { receivedAt: T0 + 90 * MIN };
      await h.writer.write([
        // Anonymous views, attributed to the lead by the identify that follows.
        events.view('v1', T0, '/pricing', 'pricing'),
        events.view('v1', T0 + MIN, '/docs/start', 'docs', late),
        events.identify('v1', T0 + 2 * MIN, 'ada@acme.io', { title: 'CTO' }),
        newEvent({
          visitorId: 'v1',
          type: 'engage',
          ts: T0 + 3 * MIN,
          path: '/pricing',
          pageClass: 'pricing',
          props: { engagedMs: 42_000 },
        }),
        newEvent({ visitorId: 'v1', type: 'download', ts: T0 + 4 * MIN, path: '/docs/start', props: { href: '/files/guide.pdf' } }),
        newEvent({ visitorId: 'v1', type: 'outbound', ts: T0 + 5 * MIN, path: null, props: { href: 'https://x.test/' } }),
        newEvent({
          visitorId: 'v1',
          type: 'track',
          ts: T0 + 6 * MIN,
          name: 'video_played',
          path: '/product',
          props: { custom: { seconds: 12 } },
        }),
        // Text the reader's JSON must carry exactly: quotes, backslashes, control characters, non-ASCII, astral.
        newEvent({
          visitorId: 'v1',
          type: 'track',
          ts: T0 + 6 * MIN + 1,
          name: 'said "hi"\\ \n\t\u0001 ünï 😀',
          path: '/p/"q"\\ü',
          props: { custom: { note: 'a "b" \\ c\n😀\u2028' } },
        }),
        events.view('v2', T0 + 7 * MIN, '/pricing', 'pricing', late),
        events.form('v2', T0 + 8 * MIN, { id: 'demo', fields: { budget: 'yes' } }, 'bo@beta.io', { path: '/demo', pageClass: 'demo' }),
        events.view('v2', T0 + 9 * MIN, '/careers', null),
      ]);
      // A type this version does not know (a newer collector's), read as its text.
      db.prepare("UPDATE events SET type = 'future_type' WHERE type = 'outbound'").run();
      const stored = db
        .prepare<[], EventRow & { attributed_seq: number | null }>('SELECT * FROM events WHERE lead_id IS NOT NULL ORDER BY lead_id, seq')
        .all();
      const leadIds = [...new Set(stored.map((r) => r.lead_id!))];
      expect(leadIds).toHaveLength(2);
      expect(stored.some((r) => r.attributed_seq !== null)).toBe(true);
      expect(stored.some((r) => r.received_at !== r.ts)).toBe(true);
      const expected = (leadId: number) =>
        stored.filter((r) => r.lead_id === leadId).map((r) => replayFields({ ...rowToEvent(r), attributedSeq: r.attributed_seq }));

      const reader = createInputReader(db);
      for (const chunkLeads of [1, 10]) {
        const read = [];
        for (let after = 0; ;) {
          const chunk = reader.chunk(after, chunkLeads);
          if (!chunk.length) break;
          read.push(...chunk);
          after = chunk[chunk.length - 1]!.row.id;
        }
        expect(read.map((lead) => lead.row.id)).toEqual(leadIds);
        // The lead rows (read raw, built by the reader) equal SELECT * column for column, none missing.
        expect(read.map((lead) => lead.row)).toEqual(db.prepare('SELECT * FROM leads ORDER BY id').all());
        for (const lead of read) expect(lead.events.map(replayFields)).toEqual(expected(lead.row.id));
        // What is stored for each lead (read raw, built by the reader): model, history in order, traits by key.
        for (const lead of read) {
          const id = lead.row.id;
          expect(lead.stored.model).toBe(db.prepare('SELECT model FROM lead_state WHERE lead_id = ?').pluck().get(id));
          const history = db
            .prepare('SELECT at, kind, from_value, to_value, cause, score FROM lead_history WHERE lead_id = ? ORDER BY id')
            .all(id);
          expect(history.length).toBeGreaterThan(0);
          expect(lead.stored.history).toEqual(history);
          const traits = db.prepare('SELECT key, value, set_at, evidence_seq FROM lead_traits WHERE lead_id = ?').all(id) as {
            key: string;
          }[];
          expect(traits.length).toBeGreaterThan(0);
          expect(lead.stored.traits).toEqual(new Map(traits.map((t) => [t.key, t])));
        }
      }
      // Each empty props is an object of its own, as parsing '{}' gives: one event's never shows up in another's.
      const [first] = reader.chunk(0, 1);
      const views = first!.events.filter((e) => e.type === 'pageview');
      expect(views.length).toBeGreaterThan(1);
      expect(views[0]!.props).not.toBe(views[1]!.props);
    } finally {
      await h.close();
      db.close();
    }
  });

  it('keeps a lead’s events in seq order whatever order a query plan gives them (the read does not ask SQLite to sort)', () => {
    const ordered: [number, string][] = [
      [3, 'a'],
      [7, 'b'],
      [9, 'c'],
    ];
    expect(inSeqOrder(ordered)).toBe(ordered);
    expect(
      inSeqOrder([
        [9, 'c'],
        [3, 'a'],
        [7, 'b'],
      ] as [number, string][]),
    ).toEqual(ordered);
    expect(
      inSeqOrder([
        [3, 'a'],
        [9, 'c'],
        [7, 'b'],
      ] as [number, string][]),
    ).toEqual(ordered);
    expect(inSeqOrder([] as [number][])).toEqual([]);
  });
});
