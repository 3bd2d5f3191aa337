import type { WireBatch } from '../../collector/ingest/wire.js';
import { FORMS, PAGES, SOURCES, WHITEPAPER_PATH, ROLES_WANTED } from './catalog.js';
import { createRandom, hashSeed } from './random.js';
import type { Step, VisitorPlan } from './visitors.js';

/** One request the simulated browser sends: when, and what (the wire format of POST /e). */
export interface TimedBatch {
  at: number;
  visitor: VisitorPlan;
  batch: WireBatch;
}

type WireEvent = WireBatch['e'][number];

const MESSAGES = [
  'We process about 1,500 invoices a month across two entities on NetSuite.',
  'Looking to replace manual approvals in email before our audit.',
  'Can you integrate with Sage Intacct? We have three subsidiaries.',
  'Please send pricing for 3,000 invoices a month.',
];

function formFields(visitor: VisitorPlan, step: Step, message: string): Record<string, string> {
  const p = visitor.person!;
  const values: Record<string, string | null | undefined> = {
    email: p.email,
    name: p.name,
    title: p.title,
    company: p.company,
    company_size: p.companySize,
    country: p.country,
    message,
    role_interest: ROLES_WANTED[visitor.index % ROLES_WANTED.length],
    profile_url: `https://www.linkedin.com/in/${p.email.split('@')[0]!.replace(/[^a-z0-9]/g, '')}`,
    ...visitor.bant,
  };
  const out: Record<string, string> = {};
  for (const field of FORMS[step.form!].fields) {
    const value = values[field];
    if (value) out[field] = value;
  }
  return out;
}

/**
 * The requests of one session, in time order, as the snippet would send them: the page view when
 * a page loads, then on leaving it the download click, the form submit and the engaged time.
 */
export function sessionBatches(seed: number, visitor: VisitorPlan, sessionIndex: number, siteKey: string, origin: string): TimedBatch[] {
  const session = visitor.sessions[sessionIndex]!;
  const rng = createRandom(hashSeed(seed, `session:${visitor.index}:${sessionIndex}`));
  const base = `${origin}/demo/`;
  const source = SOURCES[session.source] as { referrer?: string; utm?: string };
  const landing = `${base}${PAGES[session.steps[0]!.page].path}${source.utm ? `?${source.utm}` : ''}`;
  const l = { u: landing, ...(source.referrer ? { r: source.referrer } : {}) };
  const ss = rng.token(16);
  const id = (ts: number) => `${ts.toString(36)}${rng.token(10)}`;
  const out: TimedBatch[] = [];
  let t = session.start;
  let previous: string | undefined = source.referrer;
  session.steps.forEach((step, i) => {
    const page = PAGES[step.page];
    const u = i === 0 ? landing : `${base}${page.path}`;
    const view: WireEvent = { i: id(t), t: 'pageview', ts: t, u, ti: page.title, ...(previous ? { r: previous } : {}) };
    out.push({ at: t, visitor, batch: { s: siteKey, v: visitor.visitorId, ss, l, e: [view] } });
    const leave = t + step.dwellMs;
    const onLeave: WireEvent[] = [];
    if (step.download) {
      const at = t + Math.floor(step.dwellMs * 0.6);
      onLeave.push({ i: id(at), t: 'download', ts: at, u, h: `${base}${WHITEPAPER_PATH}` });
    }
    if (step.form) {
      const at = t + Math.floor(step.dwellMs * 0.9);
      const form = FORMS[step.form];
      onLeave.push({
        i: id(at),
        t: 'form',
        ts: at,
        u,
        f: { id: form.id, n: form.id, a: `${base}thanks.html`, fl: formFields(visitor, step, rng.pick(MESSAGES)) },
        em: visitor.person!.email,
      });
    }
    onLeave.push({ i: id(leave), t: 'engage', ts: leave, u, d: step.dwellMs });
    out.push({ at: leave, visitor, batch: { s: siteKey, v: visitor.visitorId, ss, l, e: onLeave } });
    previous = u;
    t = leave + rng.int(1, 8) * 1000;
  });
  return out;
}
