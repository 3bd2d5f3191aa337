import type { CompiledRules } from '../rules/compile.js';
import { sameHistory } from '../projection/store.js';
import { deriveRow } from '../projection/derive-row.js';
import type { Transition } from '../stages/machine.js';
import { createReplayer } from './fast-replay.js';
import type { LeadInputs } from './replay.js';

/** A lead whose replay differs from what is stored: the rows to write, and the model the replay started from. */
export interface ReplayedLead {
  id: number;
  /** The stored model the replay read: the writer applies the change only if it is still stored. */
  storedModel: string;
  model: string;
  transitions: Transition[];
  /** The trait keys whose stored rows differ from the replay's. */
  traitsChanged: string[];
  historyChanged: boolean;
  firstSeenAt: number | null;
  lastSeenAt: number | null;
}

export interface ScanChunk {
  leads: number;
  events: number;
  changed: ReplayedLead[];
  /** The last lead id of the chunk. */
  after: number;
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
      const out: ScanChunk = { leads: batch.length, events: 0, changed: [], after: batch.length ? batch[batch.length - 1]!.row.id : after };
      for (const lead of batch) {
        out.events += lead.events.length;
        const replayed = replayer.replay(lead.row.email, lead.events, lead.actions, to);
        // A lead without stored state is left alone, as ingest never made one.
        if (lead.stored.model === null || !replayed) continue;
        const model = JSON.stringify(replayed.model);
        const [firstSeenAt, lastSeenAt] = seenRange(lead);
        const row = { ...lead.row, first_seen_at: firstSeenAt, last_seen_at: lastSeenAt };
        deriveRow(rules, row, replayed.model, epoch, now);
        const traitsChanged = Object.entries(replayed.model.traits)
          .filter(([key, t]) => {
            if (key === 'email') return false;
            const was = lead.stored.traits.get(key);
            return was === undefined || was.value !== JSON.stringify(t.value) || was.set_at !== t.setAt || was.evidence_seq !== t.seq;
          })
          .map(([key]) => key);
        const historyChanged = !sameHistory(lead.stored.history, replayed.transitions);
        const rowSame = (Object.keys(row) as (keyof typeof row)[]).every((key) => row[key] === lead.row[key]);
        if (model === lead.stored.model && rowSame && !traitsChanged.length && !historyChanged) continue;
        out.changed.push({
          id: lead.row.id,
          storedModel: lead.stored.model,
          model,
          transitions: replayed.transitions,
          traitsChanged,
          historyChanged,
          firstSeenAt,
          lastSeenAt,
        });
      }
      return out;
    },
  };
}
