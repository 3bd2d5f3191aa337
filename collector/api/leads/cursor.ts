import { badRequest } from '../../errors.js';

/**
 * Opaque keyset cursors: base64url JSON of the last item's sort key. A score cursor also pins
 * the time the first page was ranked at, so later pages continue the same order although
 * scores keep decaying.
 */
export interface ScoreCursor {
  k: 'score';
  /** Ranking time. */
  t: number;
  score: number;
  fit: number;
  rank: number;
  id: number;
}
export interface SeenCursor {
  k: 'seen';
  seen: number;
  id: number;
}
export interface OffsetCursor {
  k: 'offset';
  t: number;
  offset: number;
}
/** The audit log's keyset (GET /api/audit): the last entry's time and id. */
export interface AuditCursor {
  k: 'audit';
  at: number;
  id: number;
}
export type Cursor = ScoreCursor | SeenCursor | OffsetCursor | AuditCursor;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor<K extends Cursor['k']>(text: string | undefined, kind: K): Extract<Cursor, { k: K }> | null {
  if (!text) return null;
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    const numbers = Object.entries(value).filter(([key]) => key !== 'k');
    if (value.k === kind && numbers.every(([, v]) => typeof v === 'number' && Number.isFinite(v)))
      return value as Extract<Cursor, { k: K }>;
  } catch {
    // fall through to the error
  }
  throw badRequest('invalid cursor: pass back the nextCursor of the previous page');
}
