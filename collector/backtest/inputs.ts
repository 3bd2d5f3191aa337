import { DISPOSITIONS, type Disposition } from '../events/domain.js';
import type { ReplayAction, ReplayEvent } from '../engine/rescore/replay.js';

/** What a backtest needs of one lead: the inputs the engine's replay takes, nothing derived. */
export interface LeadInputs {
  id: number;
  email: string;
  events: ReplayEvent[];
  actions: ReplayAction[];
  /** Sales' judgement as it stands: the last disposition action (a reopen clears it). */
  disposition: Disposition | null;
}

/** Sales' judgement as it stands: the last disposition action; a reopen clears it. */
export const dispositionOf = (actions: readonly Pick<ReplayAction, 'action'>[]): Disposition | null =>
  actions.reduce<Disposition | null>(
    (d, a) => (a.action === 'reopen' ? null : (DISPOSITIONS as readonly string[]).includes(a.action) ? (a.action as Disposition) : d),
    null,
  );

export type Chunk = { row: { id: number; email: string }; events: ReplayEvent[]; actions: ReplayAction[] }[];
export const toInputs = (chunk: Chunk): LeadInputs[] =>
  chunk.map(({ row, events, actions }) => ({ id: row.id, email: row.email, events, actions, disposition: dispositionOf(actions) }));
