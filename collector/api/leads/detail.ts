import type { Reason } from '../../events/domain.js';
import type { StoredEvent } from '../../events/types.js';
import { rowToEvent } from '../../events/rows.js';
import type { TraitValue } from '../../engine/rules/traits.js';
import type { Action } from '../../engine/stages/machine.js';
import { score, type RuleBreakdown } from '../../engine/scoring/score.js';
import { round1 } from '../../engine/scoring/reasons.js';
import { scoreHistory } from './history.js';
import type { CompanyFacts } from '../../enrichment/provider.js';
import { toListItem, type LeadListItem, type ReadContext } from './item.js';

/** Timeline caps: the detail page shows recent activity; the score always uses everything. */
export const MAX_TIMELINE_EVENTS = 2000;
export const MAX_SESSIONS = 100;

export interface TimelineEvent {
  seq: number;
  type: string;
  ts: number;
  url: string | null;
  path: string | null;
  title: string | null;
  pageClass: string | null;
  engagedMs?: number;
  href?: string;
  form?: { id?: string; name?: string; action?: string; fields: Record<string, string> };
  name?: string;
  props?: Record<string, unknown>;
}

/** A stage or disposition change of the lead's history (derived; rebuilt by a rescore). */
export interface StageChange {
  at: number;
  from: string | null;
  to: string;
  kind: 'stage' | 'disposition';
  cause: string;
  score: number;
}

/** A note sales typed with a decision (an input: kept across rescores, gone with an erasure). */
export interface SalesNote {
  at: number;
  action: Action;
  text: string;
  /** Who typed it (an email, an API key's name, "admin token"); null for notes from before users existed. */
  author: string | null;
}

export interface LeadDetail {
  lead: LeadListItem & {
    /**
     * `source`: `stated` (the person's forms and identify calls), or the enrichment provider (`clearbit`,
     * `offline`) for the `company.*` traits of the company's stored answer.
     */
    traits: Record<string, { value: TraitValue; setAt: number; source: string }>;
    firstSeenAt: number | null;
    visitors: { id: string; site: string; linkedAt: number; evidenceSeq: number }[];
  };
  score: { total: number; engagement: number; fit: number; breakdown: RuleBreakdown[]; reasons: Reason[] };
  scoreHistory: { at: number; score: number }[];
  stages: StageChange[];
  /** Newest first. */
  notes: SalesNote[];
  sessions: { id: string | null; startedAt: number; endedAt: number; events: TimelineEvent[] }[];
}

function timelineEvent(e: StoredEvent): TimelineEvent {
  const t: TimelineEvent = { seq: e.seq, type: e.type, ts: e.ts, url: e.url, path: e.path, title: e.title, pageClass: e.pageClass };
  if (e.props.engagedMs !== undefined) t.engagedMs = e.props.engagedMs;
  if (e.props.href !== undefined) t.href = e.props.href;
  if (e.props.form) t.form = e.props.form;
  if (e.name !== null) t.name = e.name;
  const props = e.props.custom ?? e.props.traits;
  if (props) t.props = props;
  return t;
}

/** Newest session first, events in time order inside each. */
function sessions(events: readonly StoredEvent[]): LeadDetail['sessions'] {
  const recent = [...events].sort((a, b) => b.ts - a.ts || b.seq - a.seq).slice(0, MAX_TIMELINE_EVENTS);
  const bySession = new Map<string, StoredEvent[]>();
  for (const e of recent) {
    const key = e.sessionId ?? `visitor:${e.visitorId}`;
    const list = bySession.get(key);
    if (list) list.push(e);
    else bySession.set(key, [e]);
  }
  return [...bySession.values()].slice(0, MAX_SESSIONS).map((list) => {
    const ordered = list.reverse();
    return {
      id: ordered[0]!.sessionId,
      startedAt: ordered[0]!.ts,
      endedAt: ordered[ordered.length - 1]!.ts,
      events: ordered.map(timelineEvent),
    };
  });
}

const roundBreakdown = (b: RuleBreakdown): RuleBreakdown => ({
  ...b,
  pointsRaw: round1(b.pointsRaw),
  cappedBy: round1(b.cappedBy),
  pointsDecayed: round1(b.pointsDecayed),
  events: b.events.map((e) => ({ ...e, points: round1(e.points), decayed: round1(e.decayed) })),
});

/** A company's stored enrichment answer as `company.*` traits with their source (fields it did not know are left out). */
function companyTraits(facts: (CompanyFacts & { fetchedAt: number }) | null): LeadDetail['lead']['traits'] {
  if (!facts) return {};
  const fields = { name: facts.name, domain: facts.domain, industry: facts.industry, size: facts.size };
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, value]) => value !== null)
      .map(([field, value]) => [`company.${field}`, { value, setAt: facts.fetchedAt, source: facts.source }]),
  );
}

export async function leadDetail(rc: ReadContext, id: number): Promise<LeadDetail | null> {
  const { reads, rules, now } = rc;
  const rows = await reads.leadDetail(id);
  if (!rows) return null;
  const { row, model, history, notes } = rows;
  const events = rows.events.map(rowToEvent);
  const s = score(rules, events, model.traits, now);
  const [owner] = await reads.routing.owners([id]);
  const facts = row.company_domain ? await reads.companyFacts(`d:${row.company_domain}`) : null;
  return {
    lead: {
      ...toListItem(rc, row),
      ownerId: owner?.userId ?? null,
      traits: {
        ...Object.fromEntries(
          rows.traits.map((t) => [t.key, { value: JSON.parse(t.value) as TraitValue, setAt: t.set_at, source: 'stated' }]),
        ),
        ...companyTraits(facts),
      },
      firstSeenAt: row.first_seen_at,
      visitors: rows.browsers.map((v) => ({ id: v.visitor_id, site: v.site, linkedAt: v.linked_at, evidenceSeq: v.evidence_seq })),
    },
    score: {
      total: round1(s.total),
      engagement: round1(s.engagement),
      fit: round1(s.fit),
      breakdown: s.breakdown.map(roundBreakdown),
      reasons: s.reasons.map((r) => ({ ...r, points: round1(r.points) })),
    },
    scoreHistory: scoreHistory(rules, events, model.traits, now),
    stages: history.map((h) => ({
      at: h.at,
      from: h.from_value,
      to: h.to_value ?? 'open',
      kind: h.kind,
      cause: h.cause,
      score: round1(h.score),
    })),
    notes: notes as SalesNote[],
    sessions: sessions(events),
  };
}
