import type { StoredEvent } from '../../events/types.js';
import type { ScoringEvent } from '../rules/compile.js';
import type { LeadRow, StoredProjection } from '../projection/store.js';

/** What a replay reads of one lead; types only, so the storage port can name them without importing the engine's code. */

/** The event fields a replay reads (rescore loads only these). */
export interface ReplayEvent extends ScoringEvent, Pick<StoredEvent, 'receivedAt'> {
  /** The link event that attributed this (then anonymous) event to the lead; null: on arrival. */
  attributedSeq: number | null;
}

export interface ReplayAction {
  id: number;
  at: number;
  action: string;
  /** The last event in the log when the action was taken: it comes after every step up to there. */
  afterSeq: number;
}

/** One lead's replay inputs, and what is stored for it now (so unchanged rows are not rewritten). */
export interface LeadInputs {
  row: LeadRow;
  events: ReplayEvent[];
  actions: ReplayAction[];
  stored: StoredProjection;
}
