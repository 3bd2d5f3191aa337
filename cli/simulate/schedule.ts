import { sessionBatches, type TimedBatch } from './batches.js';
import type { PersonaKey } from './personas.js';
import { planVisitor, type Window } from './visitors.js';

/** Every session of the run, sorted by start time; visitors are re-planned from the seed when needed. */
export interface Schedule {
  seed: number;
  window: Window;
  /** Session k starts at starts[k] and belongs to visitor visitorOf[k], as its sessionOf[k]-th session. */
  starts: Float64Array;
  visitorOf: Uint32Array;
  sessionOf: Uint16Array;
  personas: Record<PersonaKey, number>;
  botVisitorIds: Set<string>;
  /** Email → persona, so the sales desk can judge the leads the simulation made. */
  personaByEmail: Map<string, PersonaKey>;
}

export function buildSchedule(seed: number, visitors: number, window: Window): Schedule {
  const rows: [number, number, number][] = [];
  const personas = { buyer: 0, evaluator: 0, researcher: 0, student: 0, job_seeker: 0, browser: 0, bot: 0 };
  const botVisitorIds = new Set<string>();
  const personaByEmail = new Map<string, PersonaKey>();
  for (let v = 0; v < visitors; v++) {
    const plan = planVisitor(seed, v, window);
    personas[plan.persona]++;
    if (plan.persona === 'bot') botVisitorIds.add(plan.visitorId);
    else if (plan.person) personaByEmail.set(plan.person.email, plan.persona);
    plan.sessions.forEach((s, i) => rows.push([s.start, v, i]));
  }
  rows.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  return {
    seed,
    window,
    starts: Float64Array.from(rows, (r) => r[0]),
    visitorOf: Uint32Array.from(rows, (r) => r[1]),
    sessionOf: Uint16Array.from(rows, (r) => r[2]),
    personas,
    botVisitorIds,
    personaByEmail,
  };
}

interface Cursor {
  batches: TimedBatch[];
  pos: number;
  order: number;
}

const before = (a: Cursor, b: Cursor) => a.batches[a.pos]!.at - b.batches[b.pos]!.at || a.order - b.order;

/** A binary min-heap of open sessions, keyed by the time of their next request. */
class CursorHeap {
  private items: Cursor[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Cursor | undefined {
    return this.items[0];
  }
  push(c: Cursor): void {
    const a = this.items;
    a.push(c);
    for (let i = a.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (before(a[parent]!, a[i]!) <= 0) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }
  pop(): Cursor | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l]!, a[m]!) < 0) m = l;
        if (r < a.length && before(a[r]!, a[m]!) < 0) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Every request of the run in time order, made lazily: a session's requests are generated when it
 * starts, so memory holds only the sessions under way.
 */
export function* timeline(schedule: Schedule, siteKey: string, origin: string): Generator<TimedBatch> {
  const heap = new CursorHeap();
  const total = schedule.starts.length;
  let next = 0;
  while (next < total || heap.size) {
    const top = heap.peek();
    if (next < total && (!top || schedule.starts[next]! <= top.batches[top.pos]!.at)) {
      const visitor = planVisitor(schedule.seed, schedule.visitorOf[next]!, schedule.window);
      const batches = sessionBatches(schedule.seed, visitor, schedule.sessionOf[next]!, siteKey, origin);
      if (batches.length) heap.push({ batches, pos: 0, order: next });
      next++;
      continue;
    }
    const cursor = heap.pop()!;
    yield cursor.batches[cursor.pos++]!;
    if (cursor.pos < cursor.batches.length) heap.push(cursor);
  }
}
