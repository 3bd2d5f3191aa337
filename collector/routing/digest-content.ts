import { leadDetail } from '../api/leads/detail.js';
import type { ReadContext } from '../api/leads/item.js';
import type { DigestItem, DigestSection } from '../alerts/payload/email.js';
import { leadLink, topReasons } from '../alerts/payload/index.js';
import { STAGES, type Stage } from '../events/domain.js';
import type { HotStageChange } from '../store/port/routing.js';

/**
 * What one user's digest says: the leads that became hot (entered near-SQL or SQL) and those that
 * fell back since their last digest, and the SQLs overdue now (the follow-up's definition). A lead
 * that moved several times in the window counts once, by its latest move.
 */

/** Leads listed per section; the count says how many more there were. */
export const DIGEST_ITEMS = 20;
/** Stage changes read per digest (a very busy day is summarised by its newest). */
const MAX_CHANGES = 2000;
const MAX_OVERDUE = 500;
const REASONS = 3;

export interface DigestSections {
  hot: DigestSection;
  fellBack: DigestSection;
  overdue: DigestSection;
}

export interface DigestWindow {
  /** Exclusive: the last digest's time. */
  since: number;
  /** Inclusive: this digest's time. */
  until: number;
}

const rank = (stage: string | null) => (stage === null ? -1 : STAGES.indexOf(stage as Stage));

/** The latest move of each lead (changes come newest first), split into rises and falls. */
export function splitMoves(changes: readonly HotStageChange[]): { rose: HotStageChange[]; fell: HotStageChange[] } {
  const latest = new Map<number, HotStageChange>();
  for (const change of changes) if (!latest.has(change.leadId)) latest.set(change.leadId, change);
  const moves = [...latest.values()];
  return { rose: moves.filter((c) => rank(c.to) > rank(c.from)), fell: moves.filter((c) => rank(c.to) < rank(c.from)) };
}

async function item(rc: ReadContext, publicUrl: string, leadId: number, from: string | null): Promise<DigestItem | null> {
  const detail = await leadDetail(rc, leadId);
  if (!detail) return null; // erased since
  const { lead } = detail;
  return {
    id: lead.id,
    name: lead.name,
    email: lead.email,
    company: lead.company,
    stage: lead.stage,
    ...(from === null ? {} : { from }),
    reasons: topReasons(detail.score.reasons, REASONS).map((r) => r.text),
    link: leadLink(publicUrl, lead.id),
  };
}

async function section(
  rc: ReadContext,
  publicUrl: string,
  leads: readonly { leadId: number; from: string | null }[],
): Promise<DigestSection> {
  const items: DigestItem[] = [];
  for (const { leadId, from } of leads.slice(0, DIGEST_ITEMS)) {
    const shown = await item(rc, publicUrl, leadId, from);
    if (shown) items.push(shown);
  }
  return { items, total: leads.length - (Math.min(leads.length, DIGEST_ITEMS) - items.length) };
}

/** One user's sections: their own leads (`ownerId`), or every lead (null). */
export async function digestSections(
  rc: ReadContext,
  publicUrl: string,
  window: DigestWindow,
  ownerId: number | null,
): Promise<DigestSections> {
  const { routing } = rc.reads;
  const { rose, fell } = splitMoves(await routing.hotStageChanges(window.since, window.until, ownerId, MAX_CHANGES));
  const cutoff = window.until - rc.slaMs;
  const overdue =
    ownerId === null ? await routing.overdueLeadIds(cutoff, MAX_OVERDUE) : await routing.overdueOwnedBy(ownerId, cutoff, MAX_OVERDUE);
  return {
    hot: await section(
      rc,
      publicUrl,
      rose.map((c) => ({ leadId: c.leadId, from: null })),
    ),
    fellBack: await section(
      rc,
      publicUrl,
      fell.map((c) => ({ leadId: c.leadId, from: c.from })),
    ),
    overdue: await section(
      rc,
      publicUrl,
      overdue.map((leadId) => ({ leadId, from: null })),
    ),
  };
}

export const isEmpty = (s: DigestSections) => s.hot.total + s.fellBack.total + s.overdue.total === 0;
