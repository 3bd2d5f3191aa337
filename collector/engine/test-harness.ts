import type { z } from 'zod';
import { openDatabase, type DB } from '../db/index.js';
import { scoringSchema } from './config.js';
import type { DomainEvent } from '../events/domain.js';
import { createWriter, type Writer } from '../writer/index.js';
import { createEngine, type Engine } from './index.js';

export interface Harness {
  db: DB;
  writer: Writer;
  engine: Engine;
  /** Every domain event, in emit order (in-transaction). */
  emitted: DomainEvent[];
  clock: { now: number };
  close(): Promise<void>;
}

/** An in-memory database, the writer and the engine with a settable clock, for engine tests. */
export function engineHarness(scoring: z.input<typeof scoringSchema> = {}, options: { db?: DB; now?: number } = {}): Harness {
  const db = options.db ?? openDatabase(':memory:');
  const clock = { now: options.now ?? Date.UTC(2025, 0, 1) };
  const writer = createWriter({ db, batchWindowMs: 0, clock: () => clock.now });
  const engine = createEngine({ config: { scoring: scoringSchema.parse(scoring) }, db, writer });
  engine.attach();
  const emitted: DomainEvent[] = [];
  writer.on((_ctx, event) => emitted.push(event));
  return {
    db,
    writer,
    engine,
    emitted,
    clock,
    async close() {
      await writer.close();
      if (!options.db) db.close();
    },
  };
}
