import { createRandom, hashSeed } from '../cli/simulate/random.js';

/**
 * Request bodies as the snippet sends them, from a pool of returning visitors. What makes the
 * traffic realistic, each a knob with a default:
 *   - a share of the visitors identify themselves (default a fifth): their first request carries a
 *     form with an email, so from then on every event of theirs is scored for a lead;
 *   - identified visitors keep submitting forms now and then (a demo request with BANT answers, so
 *     leads cross stages and the outbox sends webhooks);
 *   - a share of requests are late: a retry queue resending a batch seconds to a minute old, or
 *     (for the late-events row) every timestamp jittered by up to `jitterMs`.
 * Every event id is new and grows in sort order, like the snippet's time-ordered ids (a repeated
 * one would be deduplicated, not stored).
 */
export interface TrafficOptions {
  /** Makes the event ids of this run distinct from every other run's. */
  runId: string;
  eventsPerRequest: number;
  identifyShare?: number;
  visitors?: number;
  /** Share of requests resent from a retry queue, 1 s to `lateMaxMs` after their events happened. */
  lateShare?: number;
  lateMaxMs?: number;
  /** Every event's timestamp moved back by 0..jitterMs (0: in order). */
  jitterMs?: number;
  /** An identified visitor's every n-th request is a demo request. */
  formEvery?: number;
  seed?: number;
  now?: () => number;
}

export const TRAFFIC_DEFAULTS = {
  identifyShare: 0.2,
  visitors: 2000,
  lateShare: 0.02,
  lateMaxMs: 60_000,
  jitterMs: 0,
  formEvery: 25,
  seed: 7,
} as const;

const PAGES = ['pricing', 'product', 'docs', 'blog/post', '', 'careers'];
const BANT = [
  { budget: 'approved', authority: 'decision maker', need: 'urgent', timeline: 'this quarter' },
  { budget: 'none', timeline: 'next year' },
];

export const visitorId = (v: number) => v.toString(16).padStart(32, '0');
export const benchEmail = (v: number) => `bench${v}@company${v % 97}.example`;

export function trafficMaker(options: TrafficOptions): () => string {
  const o = { ...TRAFFIC_DEFAULTS, ...options };
  const identifying = Math.round(o.identifyShare * o.visitors);
  const rng = createRandom(hashSeed(o.seed, o.runId));
  const now = o.now ?? Date.now;
  let n = 0;
  return () => {
    const request = n++;
    const v = request % o.visitors;
    const visit = Math.floor(request / o.visitors);
    const knows = v < identifying;
    const late = o.lateShare > 0 && rng.chance(o.lateShare) ? rng.int(1000, o.lateMaxMs) : 0;
    const base = now() - late;
    const events: string[] = [];
    for (let i = 0; i < o.eventsPerRequest; i++) {
      const id = `${o.runId}${(request * o.eventsPerRequest + i).toString(36).padStart(8, '0')}`;
      const ts = o.jitterMs > 0 ? base - rng.int(0, o.jitterMs) : base;
      if (knows && i === 0 && visit === 0) {
        events.push(
          `{"i":"${id}","t":"form","ts":${ts},"u":"http://localhost:3000/newsletter","f":{"id":"newsletter","fl":{"name":"Bench ${v}"}},"em":"${benchEmail(v)}"}`,
        );
      } else if (knows && i === 0 && visit % o.formEvery === o.formEvery - 1) {
        const fields = JSON.stringify({ name: `Bench ${v}`, title: v % 3 ? 'VP Engineering' : 'Analyst', ...BANT[v % 2]! });
        events.push(
          `{"i":"${id}","t":"form","ts":${ts},"u":"http://localhost:3000/demo-request","f":{"id":"demo-request","fl":${fields}},"em":"${benchEmail(v)}"}`,
        );
      } else if (i % 5 === 4) {
        events.push(
          `{"i":"${id}","t":"engage","ts":${ts},"u":"http://localhost:3000/${PAGES[(v + i) % PAGES.length]}","d":${1000 + ((v * 7919 + i) % 120_000)}}`,
        );
      } else {
        events.push(
          `{"i":"${id}","t":"pageview","ts":${ts},"u":"http://localhost:3000/${PAGES[(v + visit + i) % PAGES.length]}","ti":"A page"}`,
        );
      }
    }
    return `{"s":"demo","v":"${visitorId(v)}","ss":"s${v}x${Math.floor(visit / 10)}","e":[${events.join(',')}]}`;
  };
}
