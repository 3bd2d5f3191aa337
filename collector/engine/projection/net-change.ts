import { FIXED_CAUSES, type DomainEvent, type Reason } from '../../events/domain.js';
import { stageRank } from '../stages/criteria.js';
import type { LeadRow } from './store.js';
import { leadSummary } from './summary.js';

/** What the lead list shows; a rescore reports a lead as updated only when one of these changed. */
const VISIBLE: readonly (keyof LeadRow)[] = [
  'stage',
  'disposition',
  'fit',
  'rank_key',
  'top_engagement_reason',
  'top_fit_reason',
  'name',
  'title',
  'company',
];
/** Rank keys rescaled by a rebase differ in the last bits from recomputed ones: compare them loosely. */
const same = (a: unknown, b: unknown) =>
  a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)));
export const visiblyChanged = (before: LeadRow | null, after: LeadRow) => !before || VISIBLE.some((key) => !same(before[key], after[key]));

/**
 * A rescore reports the net change of a lead only (the history it rebuilt is not news): its stage
 * and disposition changes, with `headline` (the score and rounded reasons; read only when one of
 * them changed), and `lead.updated` when the lead list would show it differently.
 */
export function emitNetChange(
  ctx: { now: number; emit(event: DomainEvent): unknown },
  before: LeadRow,
  row: LeadRow,
  headline: () => { score: number; reasons: Reason[] },
): void {
  const stageMoved = before.stage !== row.stage;
  const dispositionMoved = before.disposition !== row.disposition;
  if (stageMoved || dispositionMoved) {
    const { score, reasons } = headline();
    const lead = leadSummary(row, score);
    if (stageMoved) {
      const up = stageRank(row.stage) > stageRank(before.stage);
      const direction = up ? 'up' : 'down';
      ctx.emit({
        type: 'lead.stage_changed',
        at: ctx.now,
        leadId: row.id,
        from: before.stage,
        to: row.stage,
        direction,
        cause: FIXED_CAUSES.rescore,
        lead,
        reasons,
      });
    }
    if (dispositionMoved)
      ctx.emit({
        type: 'lead.disposition_changed',
        at: ctx.now,
        leadId: row.id,
        from: before.disposition,
        to: row.disposition,
        lead,
        reasons,
      });
  }
  if (visiblyChanged(before, row)) ctx.emit({ type: 'lead.updated', at: ctx.now, leadId: row.id });
}
