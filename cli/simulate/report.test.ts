import { describe, expect, it } from 'vitest';
import type { SimulationReport } from './index.js';
import { formatReport } from './report.js';
import { simulationLine } from './run.js';

const DAY = 24 * 3600_000;
const report: SimulationReport = {
  options: {
    visitors: 2000,
    days: 60,
    seed: 7,
    via: 'http',
    concurrency: 64,
    dbPath: null,
    siteKey: 'demo',
    now: Date.UTC(2025, 5, 2, 9),
    dispositions: true,
  },
  dbPath: '/data/kindling.db',
  personas: { buyer: 155, evaluator: 415, researcher: 184, student: 232, job_seeker: 250, browser: 558, bot: 206 },
  sessions: 6200,
  run: { requests: 46844, events: 48535, accepted: 46844, dropped: 0, rejected: 0, cutOff: 3 },
  eventsStored: 37067,
  duplicates: 0,
  botVisitors: 206,
  botEventsStored: 0,
  funnel: {
    counts: { lead: 375, mql: 183, near_sql: 77, sql: 98, accepted: 48, rejected: 10, won: 42, lost: 17 },
    rates: { mqlToSql: 0.38, sqlToWon: 0.294 },
    medians: { leadToMqlMs: 0, mqlToSqlMs: 1.25 * DAY },
  },
  sales: { accepted: 107, rejected: 10, won: 42, lost: 17, late: 28, missed: 13 },
  refusals: [],
  alertsHeld: 0,
  elapsedMs: 124_600,
};

describe('the simulation report', () => {
  it('lines up its labels and reads the numbers the way people say them', () => {
    const lines = formatReport(report).split('\n');
    expect(lines.slice(0, 3)).toEqual(['', 'Simulation done', '  database       /data/kindling.db']);
    for (const line of [
      '  window         60 days to 2025-06-02T09:00:00.000Z · seed 7 · via http',
      '  visitors       2,000 (buyer 155, evaluator 415, researcher 184, student 232, job seeker 250, browser 558, bot 206)',
      '  requests       46,844 sent (48,535 events) · 46,844 answered 202 · 0 refused',
      '  bots           206 bot visitors · 0 of their events stored (all dropped, as they should be)',
      '  stages         lead 375 · mql 183 · near-sql 77 · sql 98 · accepted 48 · rejected 10 · won 42 · lost 17',
      '  conversion     MQL→SQL 38% · SQL→won 29% · median lead→MQL 0.0 days, MQL→SQL 1.3 days',
      '  sales          accepted 107 · rejected 10 · won 42 · lost 17 · 28 answered days late · 13 never followed up',
      '  alerts         none (no webhook endpoint subscribed to what happened)',
      '  time           124.6 s · 390 events/s',
    ])
      expect(lines).toContain(line);
    expect(lines.at(-1)).toBe('');
  });

  it('says what went wrong: bot events kept, refusals, no funnel, no dispositions, duplicates, writer counts', () => {
    const text = formatReport({
      ...report,
      options: { ...report.options, via: 'writer', dispositions: false },
      run: { ...report.run, accepted: 40000, dropped: 6844 },
      duplicates: 12,
      botEventsStored: 3,
      funnel: null,
      sales: null,
      refusals: ['400 {"error":"bad"}'],
      alertsHeld: 5,
    });
    for (const line of [
      'requests       46,844 sent (48,535 events) · 40,000 written · 6,844 dropped as bots · 0 refused',
      'events stored  37,067 (12 already there: same seed and --now as an earlier run)',
      '3 of their events stored (SHOULD BE 0)',
      'stages         (no funnel API)',
      'conversion     –',
      'sales          no dispositions (--no-dispositions)',
      'alerts         5 for simulated leads, kept in the outbox as failed ("simulated traffic"), none sent',
    ])
      expect(text).toContain(line);
    expect(text).toMatch(/\n {2}refused requests \(first few\):\n {4}400 \{"error":"bad"\}\n/);
    const none = formatReport({
      ...report,
      funnel: { ...report.funnel!, rates: { mqlToSql: null, sqlToWon: null }, medians: { leadToMqlMs: null, mqlToSqlMs: null } },
    });
    expect(none).toContain('conversion     MQL→SQL – · SQL→won – · median lead→MQL –, MQL→SQL –');
  });

  it('progress line: the day of the run and the event rate', () => {
    expect(simulationLine(0, 30 * DAY, 0, 0)).toMatch(/^\[░+\] {3}0% day 1\/30 · 0 events · 0 events\/s$/);
    expect(simulationLine(12.5 * DAY, 30 * DAY, 10512, 2500)).toMatch(/ 41% day 13\/30 · 10,512 events · 4,205 events\/s$/);
    // The end of the window is the last day, not a day past it.
    expect(simulationLine(30 * DAY, 30 * DAY, 5, 1000)).toMatch(/100% day 30\/30 · 5 events · 5 events\/s$/);
  });
});
