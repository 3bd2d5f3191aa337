import { BANT_PROFILES, BOT_AGENTS, FORMS, HUMAN_AGENTS, type FormKey, type PageKey, type SourceKey } from './catalog.js';
import { makePerson, type Person } from './people.js';
import { PERSONAS, PERSONA_SHARES, type PersonaKey, type PersonaSpec, type Trajectory } from './personas.js';
import { createRandom, hashSeed, type Random } from './random.js';

/** One page in a session: how long the visitor stays, and what they do there. */
export interface Step {
  page: PageKey;
  dwellMs: number;
  download?: true;
  form?: FormKey;
}

export interface SessionPlan {
  start: number;
  source: SourceKey;
  steps: Step[];
}

export interface VisitorPlan {
  index: number;
  persona: PersonaKey;
  trajectory: Trajectory;
  visitorId: string;
  userAgent: string;
  ip: string;
  person: Person | null;
  bant: Record<'budget' | 'authority' | 'need' | 'timeline', string> | null;
  sessions: SessionPlan[];
}

export interface Window {
  startMs: number;
  endMs: number;
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Session start times between `window` bounds, shaped by the visitor's interest over time. */
function sessionTimes(rng: Random, trajectory: Trajectory, count: number, { startMs, endMs }: Window): number[] {
  const span = endMs - startMs;
  const at = (fraction: number) => startMs + Math.max(0, Math.min(1, fraction)) * span;
  let times: number[];
  if (trajectory === 'rising') {
    // First visit early on; visits crowd together towards the last days (not all on the last one).
    const first = rng.next() * 0.6;
    const last = 1 - rng.next() ** 2 * 0.2;
    times = Array.from({ length: count }, (_, i) =>
      at(first + (last - first) * Math.sqrt(count === 1 ? 1 : i / (count - 1)) - rng.next() * 0.03),
    );
  } else if (trajectory === 'fading') {
    // Busy at first, then ever longer gaps, and silence well before today.
    const first = rng.next() * 0.4;
    const reach = (1 - first) * (0.2 + rng.next() * 0.4);
    times = Array.from({ length: count }, (_, i) => at(first + reach * (count === 1 ? 0 : i / (count - 1)) ** 2));
  } else if (trajectory === 'cycle') {
    // A buying cycle of one to three weeks that ends anywhere in the window; visits of a cycle that
    // began before the window are not part of it.
    const cycle = (rng.int(7, 21) * DAY) / span;
    const end = 0.02 + rng.next() * 0.98;
    times = Array.from({ length: count }, (_, i) => end - cycle * (count === 1 ? 0 : 1 - i / (count - 1)))
      .filter((f) => f >= 0)
      .map(at);
  } else {
    times = Array.from({ length: count }, () => at(rng.next()));
  }
  // Office hours mostly: move each start to a working hour of its day (UTC), keeping the day.
  return times
    .map((t) => {
      const day = Math.floor(t / DAY) * DAY;
      const hour = rng.weighted({ 7: 1, 8: 3, 9: 5, 10: 6, 11: 6, 13: 5, 14: 6, 15: 5, 16: 4, 17: 2, 19: 1, 21: 1 });
      const start = day + Number(hour) * HOUR + rng.int(0, 59) * 60_000;
      // An hour that has not come yet today is the same hour yesterday: clamping it to the end of
      // the window instead would pile every late session (and its demo request) into the last hour.
      return Math.max(startMs, start > endMs - HOUR ? start - DAY : start);
    })
    .sort((a, b) => a - b)
    .map((t, i, all) => (i > 0 && t - all[i - 1]! < 2 * HOUR ? all[i - 1]! + 2 * HOUR : t))
    .filter((t) => t < endMs - 30 * 60_000);
}

function browsePages(rng: Random, spec: PersonaSpec, count: number): PageKey[] {
  return Array.from({ length: count }, () => rng.weighted(spec.browse));
}

/** Everything a visitor will do, from the seed and their index alone (so it can be re-made at any time). */
export function planVisitor(seed: number, index: number, window: Window): VisitorPlan {
  const rng = createRandom(hashSeed(seed, `visitor:${index}`));
  const persona = rng.weighted(PERSONA_SHARES);
  const spec = PERSONAS[persona];
  const trajectory = rng.weighted(spec.trajectory);
  const times = sessionTimes(rng, trajectory, rng.int(...spec.sessions), window);
  const emailKind = spec.email ? rng.weighted(spec.email) : null;
  const person = emailKind ? makePerson(rng, persona, emailKind) : null;
  const profile = spec.bant ? BANT_PROFILES[spec.bant] : null;
  const bant = profile
    ? {
        budget: rng.weighted(profile.budget),
        authority: rng.weighted(profile.authority),
        need: rng.weighted(profile.need),
        timeline: rng.weighted(profile.timeline),
      }
    : null;

  const pages = times.map(() => browsePages(rng, spec, rng.int(...spec.pagesPerSession)));
  // Pages every visitor of the persona opens N times: spread over different sessions when there are enough.
  for (const [page, times_] of Object.entries(spec.mustVisit ?? {}) as [PageKey, number][]) {
    const have = pages.flat().filter((p) => p === page).length;
    for (let k = have; k < times_ && pages.length; k++) pages[(pages.length - 1 - k + pages.length * 4) % pages.length]!.splice(1, 0, page);
  }
  const steps: Step[][] = pages.map((list) =>
    list.map((page) => ({ page, dwellMs: rng.int(...spec.dwellSeconds) * 1000 + rng.int(0, 999) })),
  );
  for (const action of spec.actions) {
    if (!steps.length || !rng.chance(action.chance) || (action.do !== 'download' && !person)) continue;
    const session = steps[action.in === 'first' ? 0 : action.in === 'last' ? steps.length - 1 : rng.int(0, steps.length - 1)]!;
    const dwellMs = rng.int(...spec.dwellSeconds) * 1000 + 5000;
    if (action.do === 'download') {
      const last = session[session.length - 1]!;
      if (last.page === 'post' || last.page === 'home') last.download = true;
      else session.push({ page: rng.pick(['post', 'home'] as const), dwellMs, download: true });
      continue;
    }
    const formPage = FORMS[action.do].page;
    if (formPage) session.push({ page: formPage, dwellMs: dwellMs + 20_000, form: action.do });
    else session[session.length - 1]!.form = action.do; // the newsletter form is in every page's footer
    session.push({ page: 'thanks', dwellMs: rng.int(3, 20) * 1000 });
  }

  const idTime = (times[0] ?? window.startMs).toString(16).padStart(12, '0').slice(-12);
  return {
    index,
    persona,
    trajectory,
    visitorId: `${idTime}7${rng
      .token(24)
      .replace(/[g-z]/g, (c) => (c.charCodeAt(0) % 16).toString(16))
      .slice(0, 19)}`,
    userAgent: spec.bot ? rng.pick(BOT_AGENTS) : rng.pick(HUMAN_AGENTS),
    ip: spec.bot
      ? `34.${rng.int(64, 127)}.${rng.int(0, 255)}.${rng.int(1, 254)}`
      : `${rng.pick([81, 92, 109, 151, 176, 185, 203])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    person,
    bant,
    sessions: times.map((start, i) => ({
      start,
      // The first visit comes from the persona's sources; later ones are mostly typed in or from the newsletter.
      source:
        i === 0
          ? rng.weighted(spec.sources)
          : rng.weighted({ direct: 5, newsletter: 2, google: 2, [rng.weighted(spec.sources)]: 1 } as Record<SourceKey, number>),
      steps: steps[i]!,
    })),
  };
}
