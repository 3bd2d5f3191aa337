import type { IngestBench } from './ingest.js';
import type { SnippetSize } from './snippet-size.js';
import type { WriterCeiling } from './writer-ceiling.js';
import { table } from './stats.js';

/** The targets: reported beside the measurements, never asserted. */
export const TARGETS = {
  singleIngestRatioMin: 0.5,
  batchedEventsPerSecondMin: 80_000,
  alertP99MsMax: 200,
  rescoreEventsPerSecondMin: 200_000,
  hotLeadsP95MsMax: 20,
  collectorRssMbMax: 250,
} as const;

export interface BenchResults {
  takenAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  quick: boolean;
  targets: typeof TARGETS;
  snippet?: SnippetSize;
  ingest?: IngestBench;
  writerCeiling?: WriterCeiling;
  elapsedSeconds?: number;
}

const verdict = (ok: boolean | null) => (ok === null ? '–' : ok ? 'met' : 'MISSED');

export function renderResults(r: BenchResults): string {
  const out: string[] = [`Kindling benchmark · ${r.takenAt} · ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}${r.quick ? ' · QUICK' : ''}`, ''];
  if (r.ingest) {
    const i = r.ingest;
    out.push(
      table([
        ['ingest', 'events/request', 'requests/s', 'events/s', 'p50 ms', 'p99 ms', 'errors'],
        ...i.scenarios.map((s) => [s.target, s.eventsPerRequest, s.result.rps, s.eventsPerSecond, s.result.p50, s.result.p99, s.result.errors + Object.entries(s.result.statuses).filter(([k]) => k !== '202' && k !== '204').reduce((a, [, v]) => a + v, 0)]),
      ]),
      '',
      `collector ÷ bare Hono: single events ${(i.singleRatio * 100).toFixed(0)}%, 20-event batches ${(i.batchRatio * 100).toFixed(0)}%; ` +
        `stored ${i.storedEvents.toLocaleString('en-US')} events ≥ ${i.acknowledgedEvents.toLocaleString('en-US')} acknowledged in the measured windows`,
      '',
    );
  }
  if (r.writerCeiling) {
    out.push(
      `without HTTP: parse + validate + enrich ${r.writerCeiling.parseEnrichUsPerEvent.toFixed(1)} µs/event; ` +
        `writer with all projections ${Math.round(r.writerCeiling.eventsPerSecond).toLocaleString('en-US')} events/s (20-event batches, 64 in flight)`,
      '',
    );
  }
  if (r.snippet) out.push(table([['snippet', 'raw', 'gzip -9', 'brotli'], ['dist/snippet/k.js', r.snippet.rawBytes, r.snippet.gzipBytes, r.snippet.brotliBytes]]), '');
  const batched = r.ingest?.scenarios.find((s) => s.target === 'collector' && s.eventsPerRequest === 20)?.eventsPerSecond;
  out.push(
    table([
      ['target', 'goal', 'measured', 'verdict'],
      ['single-event ingest vs bare Hono', `≥ ${TARGETS.singleIngestRatioMin * 100}%`, r.ingest ? `${(r.ingest.singleRatio * 100).toFixed(0)}%` : '–', verdict(r.ingest ? r.ingest.singleRatio >= TARGETS.singleIngestRatioMin : null)],
      ['batched ingest', `≥ ${TARGETS.batchedEventsPerSecondMin.toLocaleString('en-US')} events/s`, batched ? Math.round(batched).toLocaleString('en-US') : '–', verdict(batched ? batched >= TARGETS.batchedEventsPerSecondMin : null)],
      ['collector peak RSS', `< ${TARGETS.collectorRssMbMax} MB`, r.ingest?.collectorPeakRssMb ? `${r.ingest.collectorPeakRssMb.toFixed(0)} MB` : '–', verdict(r.ingest?.collectorPeakRssMb ? r.ingest.collectorPeakRssMb < TARGETS.collectorRssMbMax : null)],
    ]),
  );
  return out.join('\n');
}
