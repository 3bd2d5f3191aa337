import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../collector/paths.js';
import { wireBatchSchema } from '../../collector/ingest/wire.js';
import { isBotRequest } from '../../collector/ingest/bot.js';
import { BANT_PROFILES, BOT_AGENTS, HUMAN_AGENTS, PAGES } from './catalog.js';
import { PERSONAS } from './personas.js';
import { buildSchedule, timeline } from './schedule.js';
import { planVisitor } from './visitors.js';
import { createRandom } from './random.js';

const DAY = 24 * 3600_000;
const now = Date.UTC(2025, 2, 31, 12);
const window = { startMs: now - 30 * DAY, endMs: now };
const demo = (path: string) => join(projectRoot, 'demo', path.endsWith('/') || path === '' ? `${path}index.html` : path);

function digest(seed: number, visitors: number): { hash: string; count: number } {
  const hash = createHash('sha256');
  let count = 0;
  for (const b of timeline(buildSchedule(seed, visitors, window), 'demo', 'http://localhost:8787')) {
    hash.update(JSON.stringify([b.at, b.batch]));
    count++;
  }
  return { hash: hash.digest('hex'), count };
}

describe('the random source', () => {
  it('repeats for a seed and differs between seeds and labels', () => {
    const draw = (r: ReturnType<typeof createRandom>) => Array.from({ length: 5 }, () => r.next());
    expect(draw(createRandom(7))).toEqual(draw(createRandom(7)));
    expect(draw(createRandom(7))).not.toEqual(draw(createRandom(8)));
    expect(draw(createRandom(7).fork('a'))).not.toEqual(draw(createRandom(7).fork('b')));
    const r = createRandom(1);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++) counts[r.weighted({ a: 1, b: 3 })]++;
    expect(counts.b / 10_000).toBeCloseTo(0.75, 1);
  });
});

describe('the traffic plan', () => {
  it('is the same for the same seed and different for another', () => {
    const a = digest(42, 300);
    expect(digest(42, 300)).toEqual(a);
    expect(digest(43, 300).hash).not.toBe(a.hash);
    expect(a.count).toBeGreaterThan(3000);
  });

  it('sends requests in time order, inside the window, each a valid wire batch for pages that exist', () => {
    let last = -Infinity;
    for (const { at, batch } of timeline(buildSchedule(5, 200, window), 'demo', 'http://localhost:8787')) {
      expect(at).toBeGreaterThanOrEqual(last);
      expect(at).toBeGreaterThanOrEqual(window.startMs);
      last = at;
      expect(wireBatchSchema.safeParse(batch).success).toBe(true);
      for (const e of batch.e) {
        expect(e.ts).toBeLessThanOrEqual(at);
        const path = new URL(e.u).pathname.replace(/^\/demo\//, '');
        expect(existsSync(demo(path)), path).toBe(true);
      }
    }
  });

  it('uses the demo pages’ real titles, and BANT answers the demo form offers', () => {
    for (const page of Object.values(PAGES)) {
      const html = readFileSync(demo(page.path), 'utf8');
      expect(html).toContain(`<title>${page.title}</title>`);
    }
    const form = readFileSync(demo('demo-request.html'), 'utf8');
    for (const profile of Object.values(BANT_PROFILES)) {
      for (const answers of Object.values(profile))
        for (const value of Object.keys(answers)) expect(form).toContain(`<option value="${value}">`);
    }
  });

  it('has every persona in about its share, and bots only with bot user agents', () => {
    const visitors = Array.from({ length: 3000 }, (_, i) => planVisitor(9, i, window));
    for (const [key, spec] of Object.entries(PERSONAS)) {
      const share = visitors.filter((v) => v.persona === key).length / visitors.length;
      expect(Math.abs(share - spec.share), key).toBeLessThan(0.03);
    }
    for (const v of visitors) {
      const bot = isBotRequest((name) => (name === 'user-agent' ? v.userAgent : undefined));
      expect(bot, `${v.persona}: ${v.userAgent}`).toBe(v.persona === 'bot');
    }
    expect(BOT_AGENTS.every((ua) => visitors.some((v) => v.userAgent === ua))).toBe(true);
    expect(HUMAN_AGENTS.every((ua) => visitors.some((v) => v.userAgent === ua))).toBe(true);
  });

  it('buyers view pricing at least twice and request a demo with strong BANT answers, from a company address', () => {
    const buyers = Array.from({ length: 2000 }, (_, i) => planVisitor(3, i, window)).filter((v) => v.persona === 'buyer');
    expect(buyers.length).toBeGreaterThan(100);
    for (const b of buyers) {
      const steps = b.sessions.flatMap((s) => s.steps);
      expect(steps.filter((s) => s.page === 'pricing').length).toBeGreaterThanOrEqual(Math.min(2, b.sessions.length));
      expect(b.person!.email).toMatch(/@[a-z-]+\.example$/);
      expect(b.person!.title).toBeTruthy();
    }
    const requested = buyers.filter((b) => b.sessions.some((s) => s.steps.some((st) => st.form === 'demo')));
    expect(requested.length / buyers.length).toBeGreaterThan(0.75);
    for (const b of requested) expect(Object.keys(BANT_PROFILES.strong.budget)).toContain(b.bant!.budget);
  });

  it('students and job seekers use free-mail or academic addresses; job seekers visit careers', () => {
    const all = Array.from({ length: 2000 }, (_, i) => planVisitor(4, i, window));
    for (const v of all.filter((x) => x.persona === 'student' || x.persona === 'job_seeker')) {
      expect(v.person!.email).toMatch(
        /@(gmail\.com|outlook\.com|yahoo\.com|hotmail\.com|proton\.me|icloud\.com|gmx\.de|.*\.edu|.*uni-example\.de)$/,
      );
    }
    for (const v of all.filter((x) => x.persona === 'job_seeker' && x.sessions.length)) {
      expect(v.sessions.some((s) => s.steps.some((st) => st.page === 'careers'))).toBe(true);
    }
  });

  it('rising interest ends near today; fading interest went quiet long before', () => {
    const all = Array.from({ length: 3000 }, (_, i) => planVisitor(6, i, window)).filter((v) => v.sessions.length >= 3);
    const lastAge = (t: 'rising' | 'fading') => {
      const ages = all.filter((v) => v.trajectory === t).map((v) => (now - v.sessions[v.sessions.length - 1]!.start) / DAY);
      return ages.reduce((a, b) => a + b, 0) / ages.length;
    };
    expect(lastAge('rising')).toBeLessThan(3);
    expect(lastAge('fading')).toBeGreaterThan(10);
  });

  it('spreads demo requests (SQLs) over the window instead of crowding them into its last day', () => {
    const days = new Array<number>(30).fill(0);
    for (let i = 0; i < 3000; i++) {
      const v = planVisitor(6, i, window);
      if (v.persona === 'bot') continue;
      for (const s of v.sessions) if (s.steps.some((st) => st.form === 'demo')) days[Math.floor((s.start - window.startMs) / DAY)]!++;
    }
    const total = days.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(200);
    expect(days.slice(0, 15).reduce((a, b) => a + b, 0) / total).toBeGreaterThan(0.2);
    expect(days.at(-1)! / total).toBeLessThan(0.15);
    expect(days.slice(1, 7).every((n) => n > 0)).toBe(true);
  });
});
