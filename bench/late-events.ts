import { join } from 'node:path';
import { INGEST_HEADERS, failures, type IngestOptions } from './ingest.js';
import { runLoad } from './load.js';
import { startCollector } from './processes.js';
import { pairedRatio, spread, type Spread } from './stats.js';
import { trafficMaker } from './traffic.js';

export interface LateEventsMode {
  /** Collector CPU (user + system) per acknowledged request, ms, over the whole run. */
  cpuMsPerRequest: Spread;
  /** The same over the first and the second half: growth here means cost grows with history. */
  firstHalfCpuMs: Spread;
  secondHalfCpuMs: Spread;
  rps: Spread;
  failures: number;
}

export interface LateEventsBench {
  jitterMs: number;
  seconds: number;
  inOrder: LateEventsMode;
  jittered: LateEventsMode;
  /** Jittered ÷ in-order CPU per request, paired by round. Goal ≤ 1.2. */
  ratio: Spread;
}

const CONNECTIONS = 16;
export const LATE_JITTER_MS = 3000;

/**
 * Late events should cost what on-time events cost. Two fresh collectors per round, one fed
 * in-order single-event traffic, one the same traffic with every timestamp up to 3 s late (retry
 * queues, clock skew), each for the same time; the collector's own CPU time per request is what
 * is compared (throughput alone would hide work the machine's other core absorbs).
 */
export async function benchLateEvents(o: IngestOptions): Promise<LateEventsBench> {
  const modes = {
    inOrder: [] as { all: number; first: number; second: number; rps: number; failures: number }[],
    jittered: [] as { all: number; first: number; second: number; rps: number; failures: number }[],
  };
  for (let round = 0; round < o.rounds; round++) {
    for (const mode of ['inOrder', 'jittered'] as const) {
      o.log(
        `late events: ${mode === 'inOrder' ? 'in order' : `jittered 0–${LATE_JITTER_MS / 1000} s`}, round ${round + 1}/${o.rounds}, ${o.durationMs / 1000} s`,
      );
      const collector = await startCollector(join(o.dir, `late-${mode}-${round}.db`), o.configPath);
      try {
        const body = trafficMaker({
          runId: `l${round}${mode[0]}x`,
          eventsPerRequest: 1,
          identifyShare: o.identifyShare,
          lateShare: 0,
          jitterMs: mode === 'jittered' ? LATE_JITTER_MS : 0,
        });
        const halves = [];
        for (let half = 0; half < 2; half++) {
          const cpuBefore = collector.cpuSeconds() ?? NaN;
          const result = await runLoad({
            port: collector.port,
            path: '/e',
            headers: INGEST_HEADERS,
            body,
            connections: CONNECTIONS,
            durationMs: o.durationMs / 2,
            warmupMs: 0,
          });
          halves.push({ cpu: (collector.cpuSeconds() ?? NaN) - cpuBefore, result });
        }
        const requests = halves.reduce((n, h) => n + h.result.requests, 0);
        modes[mode].push({
          all: ((halves[0]!.cpu + halves[1]!.cpu) * 1000) / requests,
          first: (halves[0]!.cpu * 1000) / halves[0]!.result.requests,
          second: (halves[1]!.cpu * 1000) / halves[1]!.result.requests,
          rps: requests / (o.durationMs / 1000),
          failures: failures(halves[0]!.result) + failures(halves[1]!.result),
        });
      } finally {
        await collector.stop();
      }
    }
  }
  const summary = (rs: (typeof modes)['inOrder']): LateEventsMode => ({
    cpuMsPerRequest: spread(rs.map((r) => r.all)),
    firstHalfCpuMs: spread(rs.map((r) => r.first)),
    secondHalfCpuMs: spread(rs.map((r) => r.second)),
    rps: spread(rs.map((r) => r.rps)),
    failures: rs.reduce((n, r) => n + r.failures, 0),
  });
  return {
    jitterMs: LATE_JITTER_MS,
    seconds: o.durationMs / 1000,
    inOrder: summary(modes.inOrder),
    jittered: summary(modes.jittered),
    ratio: pairedRatio(
      modes.jittered.map((r) => r.all),
      modes.inOrder.map((r) => r.all),
    ),
  };
}
