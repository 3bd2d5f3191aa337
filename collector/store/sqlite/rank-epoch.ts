import { getSetting, type DB } from '../../db/index.js';
import { RANK_EPOCH_KEY, rankEpochFrom } from '../../engine/projection/rank.js';

/** The rank epoch as a reader on a SQLite connection sees it (null before any lead was scored). */
export function readRankEpoch(db: DB): number | null {
  return rankEpochFrom(getSetting(db, RANK_EPOCH_KEY));
}
