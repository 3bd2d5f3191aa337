/**
 * Takes the next block of lead ids for this worker: the workers take blocks from one shared counter
 * as they go, so each replays as many as its share of the CPU allows and all finish within a block
 * of each other (a fixed split left one worker running alone while the other was done, and the
 * second could only start once the first had cut the ranges).
 */
export const takeBlock = (nextBlock: SharedArrayBuffer): number => Atomics.add(new Int32Array(nextBlock), 0, 1);
