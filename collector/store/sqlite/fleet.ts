import type { FleetLocks } from '../port/index.js';

/** One collector on one SQLite file: a fleet of one, so every fleet-once job simply runs. */
export const sqliteFleetLocks: FleetLocks = {
  runOnce: (_job, work) => work(),
};
