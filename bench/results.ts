import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IngestBench } from './ingest.js';
import type { SnippetSize } from './snippet-size.js';
import type { NetworkBench } from './network.js';
import type { ApiBench, RescoreBench } from './rescore-api.js';
import type { DashboardBench } from './dashboard-bench.js';
import type { LateEventsBench } from './late-events.js';
import type { RssBench } from './rss.js';
import type { StepReport } from './steps.js';
import type { FleetBench } from './fleet.js';
import type { StoreBench } from './store.js';
import { formatNumber, spread, table, type Spread } from './stats.js';

/** The issues' targets: reported beside the measurements, never asserted. */
export const TARGETS = {
  singleIngestRatioMin: 0.5,
  batchedEventsPerSecondMin: 80_000,
  lateCpuRatioMax: 1.2,
  alertP99MsMax: 200,
  rescoreEventsPerSecondMin: 200_000,
  backtestEventsPerSecondMin: 200_000,
  hotLeadsP95MsMax: 20,
  collectorRssMbMax: 250,
  snippetGzipBytesMax: 2200,
} as const;

export interface BenchResults {
  takenAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  quick: boolean;
  rounds: number;
  identifyShare: number;
  targets: typeof TARGETS;
  /** 1, 5 and 15-minute load averages when the run started and ended. */
  loadAverage: { start: number[]; end: number[] };
  steps: StepReport[];
  snippet?: SnippetSize;
  network?: NetworkBench;
  ingest?: IngestBench;
  late?: LateEventsBench;
  rss?: RssBench;
  writer?: { eventsPerSecond: Spread; parseEnrichUsPerEvent: Spread; writerCpuUsPerEvent?: Spread };
  alerts?: { leads: number; p50Ms: Spread; p99Ms: Spread; maxMs: number; beforeAck: number };
  rescore?: RescoreBench & { datasetBuiltSeconds: number | null };
  api?: ApiBench & { datasetBuiltSeconds: number | null };
  dashboard?: DashboardBench;
  fleet?: FleetBench;
  store?: StoreBench;
  elapsedSeconds?: number;
}

/** The whole run replaces the file (written aside, then renamed): never merged with an earlier run. */
export function writeResults(path: string, results: BenchResults): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(temp, path);
}

/** "median (min–max)" over the rounds. */
export const fmtSpread = (s: Spread, unit = '', digits?: number) => {
  const f = (n: number) => (digits === undefined ? formatNumber(n) : n.toFixed(digits));
  return s.rounds.length > 1 ? `${f(s.median)}${unit} (${f(s.min)}–${f(s.max)})` : `${f(s.median)}${unit}`;
};
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
type Row = [figure: string, measured: string, baseline: string, ratio: string, goal: string, verdict: string];

/** The summary: each figure with its baseline, their ratio, the goal and whether it is met. */
export function summaryRows(r: BenchResults): Row[] {
  const rows: Row[] = [];
  const i = r.ingest;
  if (i) {
    const row = (target: string, e: number) => i.rows.find((x) => x.target === target && x.eventsPerRequest === e)!;
    const single = row('collector', 1);
    rows.push(
      [
        'single-event ingest, requests/s',
        fmtSpread(single.rps),
        `bare Hono ${fmtSpread(row('bare hono', 1).rps)}`,
        fmtSpread(i.ratios.singleVsBareHono, '', 2),
        `≥ ${TARGETS.singleIngestRatioMin}`,
        verdict(i.ratios.singleVsBareHono.median >= TARGETS.singleIngestRatioMin),
      ],
      ['', '', `node:http ${fmtSpread(row('node:http', 1).rps)}`, fmtSpread(i.ratios.singleVsNodeHttp, '', 2), '', ''],
      ['', '', `naive peer ${fmtSpread(row('naive peer', 1).rps)}`, fmtSpread(i.ratios.singleVsNaivePeer, '', 2), '', ''],
    );
    const batched = row('collector', 20).eventsPerSecond;
    rows.push([
      'batched ingest (20/request), events/s',
      fmtSpread(batched),
      `naive peer ${fmtSpread(row('naive peer', 20).eventsPerSecond)}`,
      fmtSpread(i.ratios.batchedVsNaivePeer, '', 2),
      `≥ ${formatNumber(TARGETS.batchedEventsPerSecondMin)}`,
      verdict(batched.median >= TARGETS.batchedEventsPerSecondMin),
    ]);
  }
  if (r.late) {
    const l = r.late;
    rows.push([
      `late events (0–${l.jitterMs / 1000} s jitter), CPU ms/request`,
      fmtSpread(l.jittered.cpuMsPerRequest, '', 3),
      `in order ${fmtSpread(l.inOrder.cpuMsPerRequest, '', 3)}`,
      fmtSpread(l.ratio, '', 2),
      `≤ ${TARGETS.lateCpuRatioMax}`,
      verdict(l.ratio.median <= TARGETS.lateCpuRatioMax),
    ]);
  }
  if (r.rescore) {
    const x = r.rescore;
    /** A replay's rate against its goal; an ingest p99 against ingest alone on the same collector. */
    const rate = (label: string, s: Spread, goal: number) =>
      rows.push([label, fmtSpread(s), '', '', `≥ ${formatNumber(goal)}`, verdict(s.median >= goal)]);
    const p99 = (label: string, ms: number) =>
      rows.push([label, formatNumber(ms), `idle ${formatNumber(x.ingestIdle.p99Ms)}`, formatNumber(ms / x.ingestIdle.p99Ms), '', '']);
    rate(`rescore (${formatNumber(x.events)} events), events/s`, x.eventsPerSecond, TARGETS.rescoreEventsPerSecondMin);
    p99('ingest p99 during a rescore, ms', x.ingestDuringRescore.p99Ms);
    if (x.ingestDuringRewrite) p99('ingest p99 during a rescore rewriting every lead, ms', x.ingestDuringRewrite.p99Ms);
    if (x.backtest) {
      const b = x.backtest;
      const workers = `${b.workers} worker${b.workers === 1 ? '' : 's'}`;
      rate(
        `backtest (${formatNumber(x.events)} events × 2 rule sets, ${workers}), events/s`,
        b.eventsPerSecond,
        TARGETS.backtestEventsPerSecondMin,
      );
      p99('ingest p99 during a backtest, ms', b.ingestDuring.p99Ms);
    }
  }
  if (r.rss) {
    rows.push([
      `collector RSS, plain node, ${r.rss.seconds} s of ingest, MB`,
      `peak ${fmtSpread(r.rss.peakMb)}`,
      '',
      '',
      `< ${TARGETS.collectorRssMbMax}`,
      // "However it is started", every time: the worst round decides.
      verdict(r.rss.peakMb.max < TARGETS.collectorRssMbMax),
    ]);
  }
  if (r.api)
    rows.push([
      `hot-leads API p95 (${formatNumber(r.api.leads)} leads), ms`,
      fmtSpread(r.api.hotLeadsP95Ms),
      '',
      '',
      `< ${TARGETS.hotLeadsP95MsMax}`,
      verdict(r.api.hotLeadsP95Ms.median < TARGETS.hotLeadsP95MsMax),
    ]);
  if (r.alerts)
    rows.push([
      'alert latency p99 (202 → webhook), ms',
      fmtSpread(r.alerts.p99Ms),
      '',
      '',
      `< ${TARGETS.alertP99MsMax}`,
      verdict(r.alerts.p99Ms.median < TARGETS.alertP99MsMax),
    ]);
  if (r.store) {
    const { ingest, hotLeads } = r.store;
    rows.push(
      [
        'ingest on PostgreSQL, 1 collector, events/s',
        fmtSpread(ingest.eventsPerSecond.postgres),
        `SQLite ${fmtSpread(ingest.eventsPerSecond.sqlite)}`,
        fmtSpread(ingest.ratios.postgresVsSqlite, '', 2),
        '',
        '',
      ],
      [
        'ingest on PostgreSQL, 3 collectors, events/s',
        fmtSpread(ingest.eventsPerSecond['postgres×3']),
        `1 collector ${fmtSpread(ingest.eventsPerSecond.postgres)}`,
        fmtSpread(ingest.ratios.threeVsOne, '', 2),
        '',
        '',
      ],
      [
        `hot-leads API p95 on PostgreSQL (${formatNumber(hotLeads.leads)} leads), ms`,
        fmtSpread(hotLeads.p95Ms.postgres),
        `SQLite ${fmtSpread(hotLeads.p95Ms.sqlite)}`,
        '',
        `< ${TARGETS.hotLeadsP95MsMax}`,
        verdict(hotLeads.p95Ms.postgres.median < TARGETS.hotLeadsP95MsMax),
      ],
    );
  }
  if (r.fleet)
    rows.push([
      `fleet: 3 collectors, one SIGKILLed, events/s`,
      formatNumber(r.fleet.eventsPerSecond),
      '',
      '',
      'all 4 checks pass',
      verdict(r.fleet.checks.every((c) => c.ok)),
    ]);
  if (r.network)
    rows.push(
      ['IP → network lookup, µs', fmtSpread(r.network.lookupUs, '', 2), '', '', '', ''],
      [
        'IP data load, ms',
        fmtSpread(r.network.loadMs, '', 0),
        `${(r.network.asnBytes / 2 ** 20).toFixed(1)} + ${(r.network.countryBytes / 2 ** 20).toFixed(1)} MiB files, ${r.network.memoryMiB.toFixed(0)} MiB held`,
        '',
        '',
        '',
      ],
    );
  if (r.snippet)
    rows.push([
      'snippet, bytes gzip -9',
      formatNumber(r.snippet.gzipBytes),
      '',
      '',
      `≤ ${formatNumber(TARGETS.snippetGzipBytesMax)}`,
      verdict(r.snippet.gzipBytes <= TARGETS.snippetGzipBytesMax),
    ]);
  return rows;
}

const la = (l: number[]) => l.map((n) => n.toFixed(2)).join(' ');

export function renderResults(r: BenchResults): string {
  const out: string[] = [
    `Kindling benchmark · ${r.takenAt} · ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}${r.quick ? ' · QUICK' : ''}`,
    `${r.rounds} round(s) per figure: median (min–max); ${Math.round(r.identifyShare * 100)}% of visitors identify; load average ${la(r.loadAverage.start)} at the start, ${la(r.loadAverage.end)} at the end`,
    '',
  ];
  const rows = summaryRows(r);
  if (rows.length) out.push(table([['figure', 'measured', 'baseline', 'ratio', 'goal', 'verdict'], ...rows]), '');
  if (r.ingest) {
    out.push(
      table([
        [
          `ingest (@hono/node-server ${r.ingest.honoNodeServer})`,
          'events/request',
          'requests/s',
          'events/s',
          'p50 ms',
          'p99 ms',
          'CPU µs/request',
          'CPU µs/event',
          'failures',
        ],
        ...r.ingest.rows.map((x) => [
          x.target,
          x.eventsPerRequest,
          fmtSpread(x.rps),
          fmtSpread(x.eventsPerSecond),
          fmtSpread(x.p50Ms),
          fmtSpread(x.p99Ms),
          x.cpuUsPerRequest ? fmtSpread(x.cpuUsPerRequest) : '–',
          x.cpuUsPerRequest ? fmtSpread(spread(x.cpuUsPerRequest.rounds.map((us) => us / x.eventsPerRequest))) : '–',
          x.failures,
        ]),
      ]),
      `stored ${formatNumber(r.ingest.storedEvents)} events ≥ ${formatNumber(r.ingest.acknowledgedEvents)} acknowledged in the measured windows`,
      '',
    );
  }
  if (r.writer)
    out.push(
      `writer without HTTP: ${fmtSpread(r.writer.eventsPerSecond)} events/s; parse + validate + enrich ${fmtSpread(r.writer.parseEnrichUsPerEvent, ' µs/event')}` +
        (r.writer.writerCpuUsPerEvent ? `; writer CPU ${fmtSpread(r.writer.writerCpuUsPerEvent, ' µs/event')}` : ''),
      '',
    );
  if (r.rss)
    out.push(
      `RSS sampled each second: ${fmtSpread(r.rss.sampledMb, ' MB')}, last ${fmtSpread(r.rss.lastMb, ' MB')}, peak per round ${r.rss.peakMb.rounds.map(formatNumber).join(', ')} MB, at ${fmtSpread(r.rss.eventsPerSecond)} events/s`,
      '',
    );
  if (r.rescore) {
    const d = r.rescore.ingestDuringRescore;
    out.push(
      `ingest during a ${formatNumber(d.rescoreSeconds)} s rescore: ${d.requests} requests, p50 ${formatNumber(d.p50Ms)} ms, p99 ${formatNumber(d.p99Ms)} ms, max ${formatNumber(d.maxMs)} ms`,
      '',
    );
    const w = r.rescore.ingestDuringRewrite;
    if (w)
      out.push(
        `ingest during a ${formatNumber(w.rescoreSeconds)} s rescore rewriting every lead (${formatNumber(w.eventsPerSecond)} events/s, ${formatNumber(w.stageChanges)} stage changes): ${w.requests} requests, p50 ${formatNumber(w.p50Ms)} ms, p99 ${formatNumber(w.p99Ms)} ms, max ${formatNumber(w.maxMs)} ms`,
        '',
      );
    const b = r.rescore.backtest?.ingestDuring;
    if (b)
      out.push(
        `backtest of a faster decay (halfLifeDays 14 against 30): ${formatNumber(r.rescore.backtest!.bandChanges)} leads change stage; ingest during a ${formatNumber(b.backtestSeconds)} s backtest: ${b.requests} requests, p50 ${formatNumber(b.p50Ms)} ms, p99 ${formatNumber(b.p99Ms)} ms, max ${formatNumber(b.maxMs)} ms`,
        '',
      );
  }
  if (r.api) out.push(`lead page p95 ${fmtSpread(r.api.leadPageP95Ms, ' ms')}; hot leads p50 ${fmtSpread(r.api.hotLeadsP50Ms, ' ms')}`, '');
  if (r.dashboard) {
    const d = r.dashboard;
    out.push(
      `dashboard home (${formatNumber(d.leads)} leads, Chromium): first rows ${d.firstRowsMs} ms, tab click ${d.clickMs} ms, SQL filter ${d.filterMs} ms`,
      '',
    );
  }
  if (r.fleet) {
    const f = r.fleet;
    out.push(
      `fleet: ${formatNumber(f.ackedEvents)} events acknowledged in ${f.loadSeconds} s (${f.people} people, ${formatNumber(f.batches)} batches, ${f.failedRequests} requests lost with the killed collector)`,
      ...f.checks.map((c) => `  ${c.ok ? 'ok    ' : 'FAILED'} ${c.name} (${c.detail})`),
      '',
    );
  }
  if (r.store)
    out.push(
      `stores: hot leads p50 SQLite ${fmtSpread(r.store.hotLeads.p50Ms.sqlite, ' ms')}, PostgreSQL ${fmtSpread(r.store.hotLeads.p50Ms.postgres, ' ms')}; ` +
        `${formatNumber(r.store.hotLeads.movedRows)} rows moved into PostgreSQL by migrate-store in ${r.store.hotLeads.moveSeconds} s (copy, check, rescore check)`,
      '',
    );
  out.push(
    table([
      ['step', 'result', 'seconds', 'load avg start → end'],
      ...r.steps.map((s) => [
        s.name,
        s.ok ? 'ok' : `FAILED: ${s.error}`,
        s.seconds,
        `${s.loadAverage.start.toFixed(2)} → ${s.loadAverage.end.toFixed(2)}`,
      ]),
    ]),
  );
  return out.join('\n');
}
