import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderResults, summaryRows, writeResults, TARGETS, type BenchResults } from './results.js';
import { spread } from './stats.js';
import type { IngestTarget } from './ingest.js';

const base = (): BenchResults => ({
  takenAt: '2026-12-03T03:00:00.000Z',
  machine: { cpus: 2, cpuModel: 'Test CPU', memoryGiB: 8, node: 'v20.0.0', platform: 'linux' },
  quick: false,
  rounds: 3,
  identifyShare: 0.2,
  targets: TARGETS,
  loadAverage: { start: [1.5, 1, 0.5], end: [2, 1.2, 0.6] },
  steps: [
    { name: 'snippet', ok: true, seconds: 0.1, loadAverage: { start: 1.5, end: 1.5 } },
    { name: 'dashboard', ok: false, seconds: 900, loadAverage: { start: 2, end: 2 }, error: 'dashboard did not finish within 900 s' },
  ],
  snippet: { rawBytes: 3900, gzipBytes: 2300, brotliBytes: 2100 },
});
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('bench results', () => {
  it('a run replaces the whole file: nothing of an earlier run survives', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindling-results-'));
    dirs.push(dir);
    const path = join(dir, 'nested', 'results.json');
    writeResults(path, { ...base(), rescore: { events: 1 } as never });
    writeResults(path, base());
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(base());
    writeFileSync(path, 'garbage');
    writeResults(path, base());
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(base());
  });

  it('prints failed steps with their error, the load average, and verdicts against the goals', () => {
    const text = renderResults(base());
    expect(text).toContain('FAILED: dashboard did not finish within 900 s');
    expect(text).toContain('load average 1.50 1.00 0.50 at the start, 2.00 1.20 0.60 at the end');
    expect(text).toMatch(/snippet, bytes gzip -9\s+2,300.*≤ 2,200\s+MISSED/);
  });

  it('judges memory by the worst round: one round over the budget misses the goal', () => {
    const rss = (peaks: number[]) => ({
      seconds: 120,
      peakMb: spread(peaks),
      sampledMb: spread(peaks.map((p) => p - 10)),
      lastMb: spread(peaks.map((p) => p - 5)),
      eventsPerSecond: spread([13_000, 14_000, 15_000]),
      failures: 0,
    });
    expect(renderResults({ ...base(), rss: rss([200, 230, 240]) })).toMatch(/RSS.*peak 230 \(200–240\)\s+< 250\s+met/);
    expect(renderResults({ ...base(), rss: rss([200, 230, 251]) })).toMatch(/RSS.*peak 230 \(200–251\)\s+< 250\s+MISSED/);
    expect(renderResults({ ...base(), rss: rss([200, 230, 240]) })).toContain('peak per round 200, 230, 240 MB');
  });

  it('shows the rescore and the backtest against their goals, and ingest during each beside ingest alone', () => {
    const during = { p50Ms: 4, maxMs: 40, rps: 900, requests: 4500 };
    const text = renderResults({
      ...base(),
      rescore: {
        events: 1_000_000,
        leads: 50_000,
        eventsPerSecond: spread([56_000, 201_000, 205_000]),
        seconds: spread([17.9, 5, 4.9]),
        stageChangesFirstRound: 12_600,
        ingestIdle: { p50Ms: 3, p99Ms: 10, rps: 1000 },
        ingestDuringRescore: { ...during, p99Ms: 15, rescoreSeconds: 6 },
        ingestDuringRewrite: { ...during, p99Ms: 110, rescoreSeconds: 30, eventsPerSecond: 55_000, stageChanges: 12_600 },
        backtest: {
          eventsPerSecond: spread([180_000, 199_000, 198_000]),
          seconds: spread([5.6, 5, 5.1]),
          workers: 2,
          bandChanges: 6400,
          ingestDuring: { ...during, p99Ms: 20, backtestSeconds: 6 },
        },
        collectorPeakRssMb: 600,
        datasetBuiltSeconds: null,
      },
    });
    expect(text).toMatch(/rescore \(1,000,000 events\), events\/s\s+201,000 \(56,000–205,000\)\s+≥ 200,000\s+met/);
    expect(text).toMatch(
      /backtest \(1,000,000 events × 2 rule sets, 2 workers\), events\/s\s+198,000 \(180,000–199,000\)\s+≥ 200,000\s+MISSED/,
    );
    expect(text).toMatch(/ingest p99 during a rescore, ms\s+15\s+idle 10\s+1\.5/);
    expect(text).toMatch(/ingest p99 during a rescore rewriting every lead, ms\s+110\s+idle 10\s+11/);
    expect(text).toMatch(/ingest p99 during a backtest, ms\s+20\s+idle 10\s+2/);
    expect(text).toContain('6,400 leads change stage');
  });

  it('shows each figure with its baseline and the ratio of paired rounds, median (min–max)', () => {
    const row = (target: IngestTarget, eventsPerRequest: number, rps: number[]) => ({
      target,
      eventsPerRequest,
      rps: spread(rps),
      eventsPerSecond: spread(rps.map((r) => r * eventsPerRequest)),
      p50Ms: spread([1, 1, 1]),
      p99Ms: spread([2, 2, 2]),
      cpuUsPerRequest: target === 'collector' ? spread([200 * eventsPerRequest, 250 * eventsPerRequest, 300 * eventsPerRequest]) : null,
      failures: 0,
    });
    const results: BenchResults = {
      ...base(),
      ingest: {
        honoNodeServer: '1.19.19',
        identifyShare: 0.2,
        rows: [
          row('node:http', 1, [10_000, 11_000, 12_000]),
          row('bare hono', 1, [6000, 6000, 6000]),
          row('naive peer', 1, [3000, 3000, 3000]),
          row('collector', 1, [3000, 2400, 3600]),
          row('naive peer', 20, [1000, 1000, 1000]),
          row('collector', 20, [4000, 4100, 4200]),
        ],
        ratios: {
          singleVsBareHono: spread([0.5, 0.4, 0.6]),
          singleVsNodeHttp: spread([0.3, 0.22, 0.3]),
          singleVsNaivePeer: spread([1, 0.8, 1.2]),
          batchedVsNaivePeer: spread([4, 4.1, 4.2]),
          naiveSingleVsBareHono: spread([0.5, 0.5, 0.5]),
        },
        acknowledgedEvents: 10,
        storedEvents: 10,
        collectorPeakRssMb: 100,
      },
    };
    const rows = summaryRows(results);
    expect(rows[0]).toEqual([
      'single-event ingest, requests/s',
      '3,000 (2,400–3,600)',
      'bare Hono 6,000 (6,000–6,000)',
      '0.50 (0.40–0.60)',
      '≥ 0.5',
      'met',
    ]);
    expect(rows[1]!.slice(2, 4)).toEqual(['node:http 11,000 (10,000–12,000)', '0.30 (0.22–0.30)']);
    expect(rows[3]).toEqual([
      'batched ingest (20/request), events/s',
      '82,000 (80,000–84,000)',
      'naive peer 20,000 (20,000–20,000)',
      '4.10 (4.00–4.20)',
      '≥ 80,000',
      'met',
    ]);
    // The ingest table gives the collector's CPU per request and per event; a target not measured shows a dash.
    const lines = renderResults(results).split('\n');
    expect(lines.find((l) => l.includes('CPU µs/request'))).toContain('CPU µs/event');
    expect(lines.find((l) => /^collector\s+20\s/.test(l))).toMatch(/5,000 \(4,000–6,000\)\s+250 \(200–300\)\s+0$/);
    expect(lines.find((l) => /^collector\s+1\s/.test(l))).toMatch(/250 \(200–300\)\s+250 \(200–300\)\s+0$/);
    expect(lines.find((l) => /^naive peer\s+20\s/.test(l))).toMatch(/–\s+–\s+0$/);
    results.ingest!.ratios.singleVsBareHono = spread([0.45, 0.4, 0.6]);
    expect(summaryRows(results)[0]![5]).toBe('MISSED');
  });

  it('shows the stores side by side with their ratios, and the fleet with each of its four checks', () => {
    const results: BenchResults = {
      ...base(),
      store: {
        ingest: {
          people: 200,
          batches: 2400,
          eventsPerSecond: { sqlite: spread([1000, 1200]), postgres: spread([300, 400]), 'postgres×3': spread([250, 300]) },
          ratios: { postgresVsSqlite: spread([0.3, 0.33]), threeVsOne: spread([0.83, 0.75]) },
        },
        hotLeads: {
          leads: 100_000,
          events: 200_000,
          p50Ms: { sqlite: spread([5, 6]), postgres: spread([9, 10]) },
          p95Ms: { sqlite: spread([8, 9]), postgres: spread([25, 30]) },
          moveSeconds: 120,
          movedRows: 1_000_000,
        },
      },
      fleet: {
        collectors: 3,
        people: 300,
        batches: 9000,
        ackedEvents: 30_000,
        failedRequests: 4,
        eventsPerSecond: 150,
        loadSeconds: 200,
        checks: [
          { name: 'every acknowledged event stored exactly once', ok: true, detail: 'not once: none' },
          { name: 'every lead equals a full rescore', ok: false, detail: '1 stage changes, 3 rows changed' },
        ],
      },
    };
    const rows = summaryRows(results);
    expect(rows.find((r) => r[0] === 'ingest on PostgreSQL, 1 collector, events/s')!.slice(1, 4)).toEqual([
      '350 (300–400)',
      'SQLite 1,100 (1,000–1,200)',
      '0.32 (0.30–0.33)',
    ]);
    expect(rows.find((r) => r[0] === 'ingest on PostgreSQL, 3 collectors, events/s')![3]).toBe('0.79 (0.75–0.83)');
    expect(rows.find((r) => r[0].startsWith('hot-leads API p95 on PostgreSQL (100,000 leads)'))!.slice(1)).toEqual([
      '27.5 (25–30)',
      'SQLite 8.50 (8–9)',
      '',
      '< 20',
      'MISSED',
    ]);
    expect(rows.find((r) => r[0].startsWith('fleet'))![5]).toBe('MISSED');
    const text = renderResults(results);
    expect(text).toContain('  FAILED every lead equals a full rescore (1 stage changes, 3 rows changed)');
    expect(text).toContain('  ok     every acknowledged event stored exactly once');
    expect(text).toContain('1,000,000 rows moved into PostgreSQL by migrate-store in 120 s');
  });
});
