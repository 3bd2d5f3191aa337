import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { testConfig } from '../collector/config/index.js';
import { migrations } from '../collector/db/migrations/index.js';
import { projectRoot } from '../collector/paths.js';
import { createProgress } from '../cli/progress.js';
import { simulate } from '../cli/simulate/index.js';
import { simulationLine } from '../cli/simulate/run.js';

/** Bump when the simulator's traffic changes, so cached datasets are made again. */
const GENERATOR_VERSION = 1;

export interface DatasetSpec {
  name: string;
  visitors: number;
  days: number;
  seed: number;
}

export interface Dataset {
  path: string;
  events: number;
  leads: number;
  /** Seconds it took to make, or null when it came from the cache. */
  builtSeconds: number | null;
}

function counts(path: string): { events: number; leads: number } {
  const db = new Database(path, { readonly: true });
  try {
    const events = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    const leads = (db.prepare('SELECT COUNT(*) AS n FROM leads').get() as { n: number }).n;
    return { events, leads };
  } finally {
    db.close();
  }
}

/**
 * A realistic database of the given size, made by the traffic simulator straight through the
 * writer (so events, identities, scores, stages and dispositions are all what ingest would have
 * made), and kept under data/bench/ so later runs reuse it. The file name carries the schema
 * version and the generator version; a half-made file is never reused.
 */
export async function dataset(spec: DatasetSpec, log: (line: string) => void): Promise<Dataset> {
  const dir = join(projectRoot, 'data', 'bench');
  mkdirSync(dir, { recursive: true });
  const schema = Math.max(...migrations.map((m) => m.version));
  const path = join(dir, `${spec.name}-v${spec.visitors}-d${spec.days}-s${spec.seed}-schema${schema}-g${GENERATOR_VERSION}.db`);
  if (existsSync(path)) return { path, ...counts(path), builtSeconds: null };

  const partial = `${path}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  log(`dataset ${spec.name}: simulating ${spec.visitors.toLocaleString('en-US')} visitors over ${spec.days} days (once; kept in data/bench/)`);
  const started = Date.now();
  // A fixed end time: the same seed gives the same file on every machine.
  const now = Date.UTC(2025, 0, 1);
  const progress = createProgress(process.stderr, undefined, simulationLine);
  await simulate(testConfig(), { ...spec, via: 'writer', concurrency: 512, dbPath: partial, siteKey: 'demo', now, dispositions: true, progress });
  const db = new Database(partial);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(partial, path);
  for (const suffix of ['-wal', '-shm']) rmSync(partial + suffix, { force: true });
  return { path, ...counts(path), builtSeconds: Math.round((Date.now() - started) / 1000) };
}
