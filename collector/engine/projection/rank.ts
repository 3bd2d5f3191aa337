import type { DB } from '../../db/index.js';
import { getSetting, setSetting } from '../../db/index.js';
import { DAY_MS } from '../rules/compile.js';

/**
 * Hot-leads ranking without rewriting rows as time passes. With one half-life h for all leads,
 * engagement(t) = rank_key · 2^(−(t − G)/h) for a global epoch G: ordering by rank_key is ordering
 * by current engagement, at any t. G moves forward (all keys scaled once) before 2^((t−G)/h) grows
 * large; that is the sweep's job.
 */
const KEY = 'engine.rank_epoch_ms';
/** Rebase once t − G exceeds this many half-lives (keys stay far from overflow). */
export const REBASE_HALF_LIVES = 256;

/** For readers: the epoch, or null before any lead was scored (every key is then 0). */
export function readRankEpoch(db: DB): number | null {
  const stored = getSetting(db, KEY);
  return stored === null ? null : Number(stored);
}

/** For writers: the epoch, set on first use. */
export function rankEpoch(db: DB, now: number): number {
  const stored = getSetting(db, KEY);
  if (stored !== null) return Number(stored);
  const epoch = Math.floor(now / DAY_MS) * DAY_MS;
  setSetting(db, KEY, String(epoch));
  return epoch;
}

export function engagementFromRank(rankKey: number, epochMs: number, halfLifeMs: number, now: number): number {
  return rankKey === 0 ? 0 : rankKey * Math.pow(2, (epochMs - now) / halfLifeMs);
}

/** Moves the epoch to `to`, rescaling every stored key (leads, their top reason, companies) in one statement each. */
export function rebaseRanks(db: DB, to: number, halfLifeMs: number): void {
  const from = rankEpoch(db, to);
  // Already there: scaling by 1 changes no value but would rewrite every row (and its index entries).
  if (from === to) return;
  const factor = Math.pow(2, (from - to) / halfLifeMs);
  db.prepare('UPDATE leads SET rank_key = rank_key * @f, top_engagement_rank = top_engagement_rank * @f').run({ f: factor });
  db.prepare('UPDATE companies SET sum_rank = sum_rank * ? WHERE sum_rank != 0').run(factor);
  setSetting(db, KEY, String(to));
}

export function needsRebase(epochMs: number, halfLifeMs: number, now: number): boolean {
  return (now - epochMs) / halfLifeMs > REBASE_HALF_LIVES;
}
