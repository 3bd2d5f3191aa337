import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * A marker beside the SQLite file saying which collector process has it open, so tools that must
 * not run beside a collector (`npm run rescore`) can check instead of trusting the reader to have
 * stopped it. A marker left by a killed process names a process that no longer exists, and is
 * ignored; on another host (a shared folder) liveness cannot be checked, so it counts as in use.
 */
export interface DatabaseHolder {
  pid: number;
  host: string;
  /** When the collector opened the database, ms. */
  since: number;
}

export const inUseMarkerPath = (dbPath: string) => `${dbPath}.collector`;

const inMemory = (dbPath: string) => dbPath === ':memory:' || dbPath === '';

/** Marks the database as open by this process; returns the release (removes the marker if still ours). */
export function markDatabaseInUse(dbPath: string, now: number): () => void {
  if (inMemory(dbPath)) return () => {};
  const path = inUseMarkerPath(dbPath);
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), since: now } satisfies DatabaseHolder);
  writeFileSync(path, mine);
  return () => {
    // Another collector may have opened the same file since (and rewritten the marker): leave it.
    if (readMarker(path) === mine) rmSync(path, { force: true });
  };
}

function readMarker(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The collector that has the database open, or null (no marker, an unreadable one, or its process is gone). */
export function databaseHolder(dbPath: string): DatabaseHolder | null {
  if (inMemory(dbPath)) return null;
  const text = readMarker(inUseMarkerPath(dbPath));
  if (!text) return null;
  let holder: DatabaseHolder;
  try {
    holder = JSON.parse(text) as DatabaseHolder;
  } catch {
    return null;
  }
  if (!Number.isInteger(holder.pid)) return null;
  return holder.host !== hostname() || alive(holder.pid) ? holder : null;
}
