import type { LeadsTx } from '../../store/port/engine.js';
import type { Settings } from '../../store/port/parts.js';
import { DAY_MS } from '../rules/compile.js';

/**
 * Hot-leads ranking without rewriting rows as time passes. With one half-life h for all leads,
 * engagement(t) = rank_key · 2^(−(t − G)/h) for a global epoch G: ordering by rank_key is ordering
 * by current engagement, at any t. G moves forward (all keys scaled once) before 2^((t−G)/h) grows
 * large; that is the sweep's job.
 */
export const RANK_EPOCH_KEY = 'engine.rank_epoch_ms';
/** Rebase once t − G exceeds this many half-lives (keys stay far from overflow). */
export const REBASE_HALF_LIVES = 256;

/** For readers: the stored epoch setting as a number, or null before any lead was scored (every key is then 0). */
export function rankEpochFrom(stored: string | null): number | null {
  return stored === null ? null : Number(stored);
}

/** For writers: the epoch, set on first use. */
export async function rankEpoch(settings: Settings, now: number): Promise<number> {
  const stored = await settings.get(RANK_EPOCH_KEY);
  if (stored !== null) return Number(stored);
  const epoch = Math.floor(now / DAY_MS) * DAY_MS;
  await settings.set(RANK_EPOCH_KEY, String(epoch));
  return epoch;
}

export function engagementFromRank(rankKey: number, epochMs: number, halfLifeMs: number, now: number): number {
  return rankKey === 0 ? 0 : rankKey * Math.pow(2, (epochMs - now) / halfLifeMs);
}

/** Moves the epoch to `to`, rescaling every stored key (leads, their top reason, companies). */
export async function rebaseRanks(tx: { settings: Settings; leads: LeadsTx }, to: number, halfLifeMs: number): Promise<void> {
  const from = await rankEpoch(tx.settings, to);
  // Already there: scaling by 1 changes no value but would rewrite every row (and its index entries).
  if (from === to) return;
  await tx.leads.rescaleRanks(Math.pow(2, (from - to) / halfLifeMs));
  await tx.settings.set(RANK_EPOCH_KEY, String(to));
}

export function needsRebase(epochMs: number, halfLifeMs: number, now: number): boolean {
  return (now - epochMs) / halfLifeMs > REBASE_HALF_LIVES;
}
