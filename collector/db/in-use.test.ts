import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseHolder, inUseMarkerPath, markDatabaseInUse } from './in-use.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dbFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-'));
  dirs.push(dir);
  return join(dir, 'kindling.db');
}

describe('database in-use marker', () => {
  it('names this process while marked, and nothing after release', () => {
    const db = dbFile();
    expect(databaseHolder(db)).toBeNull();
    const release = markDatabaseInUse(db, 1234);
    expect(databaseHolder(db)).toEqual({ pid: process.pid, host: hostname(), since: 1234 });
    release();
    expect(existsSync(inUseMarkerPath(db))).toBe(false);
    expect(databaseHolder(db)).toBeNull();
  });

  it('ignores a marker left by a process that is gone (a collector killed with SIGKILL)', () => {
    const db = dbFile();
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(inUseMarkerPath(db), JSON.stringify({ pid: gone, host: hostname(), since: 1 }));
    expect(databaseHolder(db)).toBeNull();
    writeFileSync(inUseMarkerPath(db), 'not json');
    expect(databaseHolder(db)).toBeNull();
  });

  it('counts a marker from another host as in use (its process cannot be checked from here)', () => {
    const db = dbFile();
    writeFileSync(inUseMarkerPath(db), JSON.stringify({ pid: 1, host: `${hostname()}-other`, since: 1 }));
    expect(databaseHolder(db)?.host).toBe(`${hostname()}-other`);
  });

  it('leaves a marker another collector wrote since, and never marks an in-memory database', () => {
    const db = dbFile();
    const releaseFirst = markDatabaseInUse(db, 1);
    markDatabaseInUse(db, 2); // a second collector on the same file
    releaseFirst();
    expect(databaseHolder(db)?.since).toBe(2);
    markDatabaseInUse(':memory:', 3)();
    expect(databaseHolder(':memory:')).toBeNull();
  });
});
