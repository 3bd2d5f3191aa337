// Engine test support: compiled rules, scoring events, the engine harness and NewEvent factories.
import type { z } from 'zod';
import { scoringSchema } from '../../collector/engine/config.js';
import type { EventProps, EventType, NewEvent } from '../../collector/events/types.js';
import { compileRules, type CompiledRules, type ScoringEvent } from '../../collector/engine/rules/compile.js';
import type { Traits } from '../../collector/engine/rules/traits.js';
import type { DB } from '../../collector/db/index.js';
import type { DomainEvent } from '../../collector/events/domain.js';
import { createWriter, type Writer } from '../../collector/writer/index.js';
import { createEngine, type Engine } from '../../collector/engine/index.js';
import { createSqliteStore } from '../../collector/store/sqlite/index.js';
import { openHarnessStore, type HarnessStore } from './store-choice.js';

/** Rules from a partial scoring config (defaults for the rest). */
export function rulesFrom(config: z.input<typeof scoringSchema> = {}): CompiledRules {
  return compileRules(scoringSchema.parse(config));
}

let nextSeq = 1;
/** A scoring event with sensible defaults. */
export function ev(
  type: EventType,
  ts: number,
  more: Partial<Omit<ScoringEvent, 'type' | 'ts'>> & { props?: EventProps } = {},
): ScoringEvent {
  return {
    seq: more.seq ?? nextSeq++,
    type,
    ts,
    name: more.name ?? null,
    path: more.path ?? null,
    pageClass: more.pageClass ?? null,
    props: more.props ?? {},
  };
}

export function traitsOf(values: Record<string, string | number | boolean | null>, setAt = 0): Traits {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, setAt, seq: null }]));
}

export interface Harness {
  /** The store under test (SQLite or PostgreSQL, see store-choice.ts); read it with test/support/query.ts. */
  store: HarnessStore;
  /** The SQLite connection behind `store`; throws on PostgreSQL. */
  readonly db: DB;
  writer: Writer;
  engine: Engine;
  /** Every domain event, in emit order (in-transaction). */
  emitted: DomainEvent[];
  clock: { now: number };
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** A SQLite database to run on (kept open at close): tests about the SQLite file itself. */
  db?: DB;
  /** Another harness's store to run on (kept open at close): a restart with other rules. */
  store?: HarnessStore;
  now?: number;
}

/**
 * The writer and the engine with a settable clock on a fresh store of the run's choice (SQLite in
 * memory, or a PostgreSQL database in the postgres project), or on the store `options` name.
 */
export async function engineHarness(scoring: z.input<typeof scoringSchema> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const opened = options.store
    ? { store: options.store, release: async () => {} }
    : options.db
      ? {
          store: { ...createSqliteStore(options.db), rescoreSnapshotPath: options.db.memory ? null : options.db.name },
          release: async () => {},
        }
      : await openHarnessStore();
  const { store } = opened;
  const clock = { now: options.now ?? Date.UTC(2025, 0, 1) };
  const writer = createWriter({ store, batchWindowMs: 0, clock: () => clock.now });
  const engine = createEngine({ config: { scoring: scoringSchema.parse(scoring) }, writer, snapshotPath: store.rescoreSnapshotPath });
  engine.attach();
  const emitted: DomainEvent[] = [];
  writer.on((_ctx, event) => void emitted.push(event));
  return {
    store,
    get db() {
      if (!store.db) throw new Error('harness.db: this harness runs on PostgreSQL, not SQLite');
      return store.db;
    },
    writer,
    engine,
    emitted,
    clock,
    async close() {
      await writer.close();
      await opened.release();
    },
  };
}

let counter = 0;
/** A NewEvent as the ingest route would hand it to the writer, with overridable fields. */
export function newEvent(fields: Partial<NewEvent> & Pick<NewEvent, 'visitorId' | 'type'>): NewEvent {
  counter++;
  const ts = fields.ts ?? Date.UTC(2025, 0, 1);
  return {
    site: 'demo',
    eventId: `e${counter.toString(36)}x${Math.random().toString(36).slice(2, 8)}`,
    sessionId: 's1',
    name: null,
    ts,
    receivedAt: fields.receivedAt ?? ts,
    url: fields.path ? `https://acme.test${fields.path}` : null,
    path: null,
    pageClass: null,
    title: null,
    referrerHost: null,
    utmSource: null,
    utmMedium: null,
    utmCampaign: null,
    utmTerm: null,
    utmContent: null,
    props: {},
    browser: null,
    os: null,
    device: null,
    ip: null,
    ...fields,
  };
}

/** Shorthands for the events the tests write. */
export const events = {
  view: (visitorId: string, ts: number, path = '/', pageClass: string | null = null, more: Partial<NewEvent> = {}) =>
    newEvent({ visitorId, type: 'pageview', ts, path, pageClass, ...more }),
  identify: (
    visitorId: string,
    ts: number,
    email: string,
    traits: Record<string, string | number | boolean | null> = {},
    more: Partial<NewEvent> = {},
  ) => newEvent({ visitorId, type: 'identify', ts, props: { email, traits }, ...more }),
  form: (
    visitorId: string,
    ts: number,
    form: { id?: string; name?: string; fields: Record<string, string> },
    email?: string,
    more: Partial<NewEvent> = {},
  ) => newEvent({ visitorId, type: 'form', ts, name: form.id ?? form.name ?? null, props: { form, ...(email ? { email } : {}) }, ...more }),
};
