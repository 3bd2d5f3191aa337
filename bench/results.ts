import type { IngestBench } from './ingest.js';
import type { SnippetSize } from './snippet-size.js';
import type { WriterCeiling } from './writer-ceiling.js';
import type { ApiBench, RescoreBench } from './rescore-api.js';
import type { DashboardBench } from './dashboard-bench.js';
import type { AlertLatencyResult } from './alert-latency.js';
import { table } from './stats.js';
import type { LoadResult } from './load.js';

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
  alerts?: AlertLatencyResult;
  rescore?: RescoreBench & { datasetBuiltSeconds: number | null };
  api?: ApiBench & { datasetBuiltSeconds: number | null };
  dashboard?: DashboardBench;
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
  if (r.alerts) {
    const a = r.alerts;
    out.push(
      table([
        ['alert latency (202 → webhook received)', 'leads', 'p50 ms', 'p99 ms', 'max ms', 'before the 202'],
        ['one SQL-making batch at a time', a.n, a.p50Ms, a.p99Ms, a.maxMs, a.beforeAck],
      ]),
      '',
    );
  }
  if (r.rescore) {
    const x = r.rescore;
    out.push(
      table([
        ['rescore', 'leads', 'events', 'seconds', 'events/s', 'stage changes'],
        ['POST /api/rescore', x.leads, x.events, x.ms / 1000, x.eventsPerSecond, x.stageChanges],
      ]),
      '',
    );
  }
  if (r.api) {
    const a = r.api;
    const row = (name: string, l: LoadResult) => [name, l.requests, l.rps, l.p50, l.p95, l.p99, Object.entries(l.statuses).map(([k, v]) => `${k}×${v}`).join(' ')];
    out.push(
      table([
        [`API (${a.leads.toLocaleString('en-US')} leads, ${a.events.toLocaleString('en-US')} events)`, 'requests', 'requests/s', 'p50 ms', 'p95 ms', 'p99 ms', 'statuses'],
        row('GET /api/leads?limit=50 (hot leads)', a.hotLeads),
        row('GET /api/leads/:id (lead page)', a.leadPage),
      ]),
      '',
    );
  }
  if (r.dashboard) {
    const d = r.dashboard;
    out.push(
      table([
        [`dashboard home (${d.leads.toLocaleString('en-US')} leads, Chromium)`, 'ms'],
        ['first rows after navigation', d.firstRowsMs],
        ['click on a stage tab, route changed', d.clickMs],
        ['SQL filter applied', d.filterMs],
        ...Object.entries(d.queriesMs).map(([path, ms]) => [`  ${path}`, ms]),
      ]),
      '',
    );
  }
  const rss = Math.max(r.ingest?.collectorPeakRssMb ?? 0, r.rescore?.collectorPeakRssMb ?? 0, r.api?.collectorPeakRssMb ?? 0) || null;
  const batched = r.ingest?.scenarios.find((s) => s.target === 'collector' && s.eventsPerRequest === 20)?.eventsPerSecond;
  out.push(
    table([
      ['target', 'goal', 'measured', 'verdict'],
      ['single-event ingest vs bare Hono', `≥ ${TARGETS.singleIngestRatioMin * 100}%`, r.ingest ? `${(r.ingest.singleRatio * 100).toFixed(0)}%` : '–', verdict(r.ingest ? r.ingest.singleRatio >= TARGETS.singleIngestRatioMin : null)],
      ['batched ingest', `≥ ${TARGETS.batchedEventsPerSecondMin.toLocaleString('en-US')} events/s`, batched ? Math.round(batched).toLocaleString('en-US') : '–', verdict(batched ? batched >= TARGETS.batchedEventsPerSecondMin : null)],
      ['alert latency p99', `< ${TARGETS.alertP99MsMax} ms`, r.alerts ? `${r.alerts.p99Ms} ms` : '–', verdict(r.alerts ? r.alerts.p99Ms < TARGETS.alertP99MsMax : null)],
      ['rescore', `≥ ${TARGETS.rescoreEventsPerSecondMin.toLocaleString('en-US')} events/s`, r.rescore ? Math.round(r.rescore.eventsPerSecond).toLocaleString('en-US') : '–', verdict(r.rescore ? r.rescore.eventsPerSecond >= TARGETS.rescoreEventsPerSecondMin : null)],
      ['hot-leads API p95', `< ${TARGETS.hotLeadsP95MsMax} ms`, r.api ? `${r.api.hotLeads.p95.toFixed(1)} ms` : '–', verdict(r.api ? r.api.hotLeads.p95 < TARGETS.hotLeadsP95MsMax : null)],
      ['collector peak RSS (max of runs)', `< ${TARGETS.collectorRssMbMax} MB`, rss ? `${rss.toFixed(0)} MB` : '–', verdict(rss ? rss < TARGETS.collectorRssMbMax : null)],
    ]),
  );
  return out.join('\n');
}
