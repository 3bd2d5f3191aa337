import type { StoredEvent } from '../../events/types.js';
import type { EventsTx, IdentityTx, LinkKind } from '../../store/port/engine.js';

export type { LinkKind, VisitorTouch } from '../../store/port/engine.js';

/**
 * Identity stitching. A browser (site + visitor id) points at most at one lead at a time
 * (`visitor_leads`); every change of that pointer is a row in `identity_links` with the event that
 * caused it. People are never merged: a browser that identifies a different email moves to that
 * lead from then on, and what it did before stays with the first person.
 */
export interface LinkResult {
  /** 'same' when the browser already pointed at this lead. */
  kind: LinkKind | 'same';
  /** The browser's earlier anonymous events, now attributed to the lead. */
  priors: StoredEvent[];
}

/** Links the browser to the lead on the evidence of event `evidence` (which is assigned too). */
export async function linkBrowser(
  tx: { identity: IdentityTx; events: EventsTx },
  evidence: Pick<StoredEvent, 'site' | 'visitorId' | 'seq' | 'receivedAt'>,
  leadId: number,
): Promise<LinkResult> {
  const { site, visitorId, seq } = evidence;
  const was = await tx.identity.currentLead(site, visitorId);
  await tx.events.assign(seq, leadId);
  if (was === leadId) return { kind: 'same', priors: [] };
  const kind: LinkKind = was === null ? 'anonymous' : 'shared-device';
  await tx.identity.link({ site, visitorId, leadId, evidenceSeq: seq, linkedAt: evidence.receivedAt, kind });
  if (kind === 'shared-device') return { kind, priors: [] };
  return { kind, priors: await tx.identity.attributeAnonymous(site, visitorId, seq, leadId) };
}
