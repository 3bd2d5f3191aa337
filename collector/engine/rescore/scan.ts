import type { Reason } from '../../events/domain.js';
import type { CompiledRules } from '../rules/compile.js';
import type { TraitEntry } from '../rules/traits.js';
import { DERIVED_LEAD_COLUMNS, sameHistory, type LeadRow } from '../projection/store.js';
import { deriveRow } from '../projection/derive-row.js';
import { roundReasons } from '../projection/summary.js';
import type { Transition } from '../stages/machine.js';
import { createReplayer } from './fast-replay.js';
import type { LeadInputs } from './replay.js';

export type DerivedColumns = Pick<LeadRow, (typeof DERIVED_LEAD_COLUMNS)[number]>;

/**
 * A lead whose replay differs from what is stored, as the rows to write: the main thread only
 * writes them (no parse, no derivation), after checking the stored model is still `storedModel`.
 */
export interface ReplayedLead {
  id: number;
  /** The stored model the replay read: the writer applies the change only if it is still stored. */
  storedModel: string;
  /** The replayed model's JSON, stored as is. */
  model: string;
  /** The row's derived columns, laid over the row as stored at write time (the other columns are not the replay's). */
  derived: DerivedColumns;
  /** The traits whose stored rows differ from the replay's. */
  traits: [key: string, entry: TraitEntry][];
  /** The whole history when it differs from the stored one; null when it is the same. */
  history: Transition[] | null;
  /** The score headline a stage or disposition change is reported with (null when neither changed). */
  headline: { score: number; reasons: Reason[] } | null;
}

export interface ScanChunk {
  leads: number;
  events: number;
  changed: ReplayedLead[];
  /** The last lead id of the chunk. */
  after: number;
  /** The rank epoch `rank_key` was derived against (the writer rescales if it moved since). */
  epoch: number;
}

function seenRange(lead: LeadInputs): [number | null, number | null] {
  let first: number | null = null;
  let last: number | null = null;
  for (const { ts } of lead.events) {
    if (first === null || ts < first) first = ts;
    if (last === null || ts > last) last = ts;
  }
  return [first, last];
}

/**
 * Replays leads a chunk at a time and keeps only those whose rows would change: model, history,
 * traits or any column of the lead row (as the projection derives it). Pure reads: it runs in the
 * rescore worker on a read-only snapshot, and the writer then writes only what changed.
 */
export function createScan(
  source: { inputs(after: number, limit: number): LeadInputs[]; rankEpoch: number | null },
  rules: CompiledRules,
  to: number,
  now: number,
) {
  const replayer = createReplayer(rules);
  const epoch = source.rankEpoch ?? 0;
  return {
    chunk(after: number, limit: number): ScanChunk {
      const batch = source.inputs(after, limit);
      const last = batch.length ? batch[batch.length - 1]!.row.id : after;
      const out: ScanChunk = { leads: batch.length, events: 0, changed: [], after: last, epoch };
      for (const lead of batch) {
        out.events += lead.events.length;
        const replayed = replayer.replay(lead.row.email, lead.events, lead.actions, to);
        // A lead without stored state is left alone, as ingest never made one.
        if (lead.stored.model === null || !replayed) continue;
        const model = JSON.stringify(replayed.model);
        const [firstSeenAt, lastSeenAt] = seenRange(lead);
        const row = { ...lead.row, first_seen_at: firstSeenAt, last_seen_at: lastSeenAt };
        const s = deriveRow(rules, row, replayed.model, epoch, now);
        const traits = Object.entries(replayed.model.traits).filter(([key, t]) => {
          if (key === 'email') return false;
          const was = lead.stored.traits.get(key);
          return was === undefined || was.value !== JSON.stringify(t.value) || was.set_at !== t.setAt || was.evidence_seq !== t.seq;
        });
        const historyChanged = !sameHistory(lead.stored.history, replayed.transitions);
        const rowSame = DERIVED_LEAD_COLUMNS.every((key) => row[key] === lead.row[key]);
        if (model === lead.stored.model && rowSame && !traits.length && !historyChanged) continue;
        const derived = {} as Record<string, unknown>;
        for (const key of DERIVED_LEAD_COLUMNS) derived[key] = row[key];
        const reported = row.stage !== lead.row.stage || row.disposition !== lead.row.disposition;
        out.changed.push({
          id: lead.row.id,
          storedModel: lead.stored.model,
          model,
          derived: derived as DerivedColumns,
          traits,
          history: historyChanged ? replayed.transitions : null,
          headline: reported ? { score: s.total, reasons: roundReasons(s.top()) } : null,
        });
      }
      return out;
    },
  };
}
