import type { WriteTx } from '../../store/port/index.js';
import type { CompiledRules } from '../rules/compile.js';
import type { LeadModel } from '../stages/lead-model.js';
import { headline } from '../scoring/score.js';
import { emitNetChange } from '../projection/net-change.js';
import { rankEpoch } from '../projection/rank.js';
import { roundReasons } from '../projection/summary.js';
import type { LeadRow } from '../projection/store.js';
import type { ReplayedLead } from './scan.js';

/** A lead the writer applied: its stage before and after (rescore reports the stage changes). */
export interface Applied {
  row: LeadRow;
  fromStage: LeadRow['stage'];
}

/**
 * Writes a slice of the worker's changed leads in the caller's transaction: the rows as the worker
 * derived them, laid over each lead's row as stored now, nothing parsed or derived again. A lead
 * whose stored model is no longer the one the worker replayed (ingest, a sweep or sales moved it on
 * since the snapshot) is not written: its id is returned for the caller to replay on what is stored
 * now. So is a lead whose replayed timer fell due while the worker ran (due by `dueBy`, the moment
 * the sweep would fire it): the worker stopped before it, and a write would leave it unfired until
 * the next sweep, where a replay here fires it as the new rules all along would have. Company
 * roll-ups are not refreshed here: the domains are added to `companies`, for the caller to refresh
 * once per company after the last slice.
 */
export async function applyReplayed(
  ctx: WriteTx,
  rules: CompiledRules,
  slice: readonly ReplayedLead[],
  workerEpoch: number,
  dueBy: number,
  companies: Set<string>,
  onApplied: (a: Applied) => void,
): Promise<number[]> {
  const { leads } = ctx;
  await leads.lock(slice.map((c) => c.id));
  // The worker derived rank keys against its snapshot's epoch: rescale if a rebase moved it since.
  const factor = Math.pow(2, (workerEpoch - (await rankEpoch(ctx.settings, ctx.now))) / rules.halfLifeMs);
  const stale: number[] = [];
  const writes: Promise<unknown>[] = [];
  for (const change of slice) {
    const before = await leads.byId(change.id);
    if (!before) continue; // erased since the snapshot
    const timer = change.derived.next_timer_at;
    if ((timer !== null && timer <= dueBy) || (await leads.storedModel(change.id)) !== change.storedModel) {
      stale.push(change.id);
      continue;
    }
    const row: LeadRow = { ...before, ...change.derived };
    if (factor !== 1) {
      row.rank_key *= factor;
      if (row.top_engagement_rank !== null) row.top_engagement_rank *= factor;
    }
    writes.push(leads.update(row, before), leads.saveModel(row.id, change.model));
    for (const [key, entry] of change.traits) writes.push(leads.saveTrait(row.id, key, entry));
    if (change.history) writes.push(leads.replaceHistory(row.id, change.history));
    if (before.name !== row.name || before.company !== row.company) writes.push(leads.index(row));
    if (row.company_domain) companies.add(row.company_domain);
    emitNetChange(ctx, before, row, () => change.headline ?? headlineOf(rules, change.model, ctx.now));
    onApplied({ row, fromStage: before.stage });
  }
  await Promise.all(writes);
  return stale;
}

/** The worker sends the headline whenever the stage or disposition changed from its snapshot; this is the fallback. */
function headlineOf(rules: CompiledRules, json: string, now: number) {
  const model = JSON.parse(json) as LeadModel;
  const s = headline(rules, model.engagement, model.traits, now);
  return { score: s.total, reasons: roundReasons(s.top()) };
}
