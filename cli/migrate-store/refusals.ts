/**
 * Why a move did not happen, each with its exit code (sysexits.h) and what to do about it. In every
 * case nothing was committed to the target.
 */
export const REFUSALS = {
  'source-missing': { exit: 66, hint: 'give the SQLite file with --from (the collector’s default is ./data/kindling.db)' },
  'source-in-use': { exit: 75, hint: 'stop the collector, then run this again' },
  'source-outdated': {
    exit: 65,
    hint: 'start this version of Kindling on it once (npm start), which migrates it, stop it, then run this again',
  },
  'source-too-new': { exit: 65, hint: 'run migrate-store from the Kindling version that wrote it' },
  'target-too-new': { exit: 65, hint: 'it was migrated by a newer Kindling: use that version, or another database' },
  'target-unreachable': { exit: 69, hint: 'check the URL, the server and the credentials' },
  'target-not-empty': {
    exit: 73,
    hint: 'migrate-store copies only into an empty database: create one (CREATE DATABASE kindling) and point --to at it',
  },
  'rules-differ': {
    exit: 78,
    hint: 'run migrate-store with the configuration the collector runs with (KINDLING_CONFIG=path, or kindling.config.json here), or rescore the SQLite file under these rules first (npm run rescore)',
  },
  'check-failed': { exit: 70, hint: 'the copy was rolled back, the target is as empty as before; please report this as a bug' },
} as const satisfies Record<string, { exit: number; hint: string }>;

export type RefusalKind = keyof typeof REFUSALS;

export class MoveRefused extends Error {
  readonly exitCode: number;
  constructor(
    readonly kind: RefusalKind,
    reason: string,
  ) {
    super(`${reason}: ${REFUSALS[kind].hint}`);
    this.name = 'MoveRefused';
    this.exitCode = REFUSALS[kind].exit;
  }
}
