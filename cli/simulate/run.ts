import { bar, type Progress } from '../progress.js';
import { timeline, type Schedule } from './schedule.js';
import type { Transport } from './transport.js';

export const DAY_MS = 24 * 3600_000;

/** The simulator's progress line: `[████░░░░]  40% day 12/30 · 10,512 events · 4,210 events/s`. */
export function simulationLine(done: number, total: number, events: number, elapsedMs: number): string {
  const days = Math.max(1, Math.round(total / DAY_MS));
  const day = Math.min(days, Math.floor(done / DAY_MS) + 1);
  const rate = elapsedMs > 0 ? Math.round((events / elapsedMs) * 1000) : 0;
  return `${bar(total ? done / total : 1)} day ${day}/${days} · ${events.toLocaleString('en-US')} events · ${rate.toLocaleString('en-US')} events/s`;
}

export interface SimClock {
  now(): number;
  set(ms: number): void;
}

export interface RunOptions {
  schedule: Schedule;
  siteKey: string;
  origin: string;
  transport: Transport;
  clock: SimClock;
  /** Requests in flight at once. */
  concurrency: number;
  /** Simulated time is advanced in steps of this size; requests inside a step are sent together. */
  tickMs: number;
  /**
   * Called when simulated time has passed a tick and its requests are answered, with the clock at the
   * tick's end (the collector's sweep runs here, so decay lands when it happens).
   */
  onTickEnd?: (at: number) => Promise<void>;
  /** Called at the end of every simulated day (and at the end of the run), with the clock set to it. */
  onDayEnd?: (at: number) => Promise<void>;
  progress?: Progress;
}

export interface RunStats {
  requests: number;
  events: number;
  accepted: number;
  dropped: number;
  rejected: number;
  /** Requests that would fall after the end of the window (a visitor still on a page "now"). */
  cutOff: number;
}

/**
 * Replays the schedule against the collector with a simulated clock: time moves forward tick by
 * tick, every request of a tick is sent with the clock at the tick's end (so the collector sees
 * each event shortly after it happened, never from the future, and no clamping applies), and the
 * day-end hook runs between days.
 */
export async function runSchedule(options: RunOptions): Promise<RunStats> {
  const { schedule, transport, clock, concurrency, tickMs, progress } = options;
  const { startMs, endMs } = schedule.window;
  const stats: RunStats = { requests: 0, events: 0, accepted: 0, dropped: 0, rejected: 0, cutOff: 0 };
  let inFlight: Promise<void>[] = [];
  const settle = async () => {
    await Promise.all(inFlight);
    inFlight = [];
  };
  let tickEnd = -Infinity;
  let dayEnd = Math.floor(startMs / DAY_MS) * DAY_MS + DAY_MS;

  for (const timed of timeline(schedule, options.siteKey, options.origin)) {
    if (timed.at > endMs) {
      stats.cutOff++;
      continue;
    }
    if (timed.at > tickEnd || inFlight.length >= concurrency) {
      await settle();
      if (timed.at > tickEnd && tickEnd > -Infinity) await options.onTickEnd?.(clock.now());
      while (timed.at >= dayEnd) {
        clock.set(dayEnd);
        await options.onTickEnd?.(dayEnd);
        await options.onDayEnd?.(dayEnd);
        dayEnd += DAY_MS;
      }
      if (timed.at > tickEnd) tickEnd = Math.min(endMs, Math.floor(timed.at / tickMs) * tickMs + tickMs);
      clock.set(Math.max(clock.now(), tickEnd));
      progress?.update(timed.at - startMs, endMs - startMs, stats.events);
    }
    stats.requests++;
    stats.events += timed.batch.e.length;
    // Sent in time order; the collector takes them in that order (same path, same awaits each),
    // so one visitor's page view still lands before the engaged time that follows it.
    inFlight.push(transport.send(timed).then((outcome) => void stats[outcome]++));
  }
  await settle();
  progress?.update(endMs - startMs, endMs - startMs, stats.events);
  clock.set(endMs);
  await options.onTickEnd?.(endMs);
  await options.onDayEnd?.(endMs);
  return stats;
}
