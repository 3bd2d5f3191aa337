import type { SimulationReport } from './index.js';

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(0)}%`);
const days = (ms: number | null) => (ms === null ? '–' : `${(ms / 86_400_000).toFixed(1)} days`);

const n = (x: number) => x.toLocaleString('en-US');

export function formatReport(r: SimulationReport): string {
  const o = r.options;
  const rows: [string, string][] = [
    ['database', r.dbPath],
    ['window', `${o.days} days to ${new Date(o.now).toISOString()} · seed ${o.seed} · via ${o.via}`],
    [
      'visitors',
      `${n(o.visitors)} (${Object.entries(r.personas)
        .map(([k, v]) => `${k.replace('_', ' ')} ${n(v)}`)
        .join(', ')})`,
    ],
    ['sessions', n(r.sessions)],
    [
      'requests',
      `${n(r.run.requests)} sent (${n(r.run.events)} events) · ` +
        (o.via === 'http' ? `${n(r.run.accepted)} answered 202` : `${n(r.run.accepted)} written · ${n(r.run.dropped)} dropped as bots`) +
        ` · ${n(r.run.rejected)} refused`,
    ],
    [
      'events stored',
      `${n(r.eventsStored)}${r.duplicates ? ` (${n(r.duplicates)} already there: same seed and --now as an earlier run)` : ''}`,
    ],
    [
      'bots',
      `${n(r.botVisitors)} bot visitors · ${n(r.botEventsStored)} of their events stored ${r.botEventsStored === 0 ? '(all dropped, as they should be)' : '(SHOULD BE 0)'}`,
    ],
    [
      'stages',
      r.funnel
        ? Object.entries(r.funnel.counts)
            .map(([k, v]) => `${k.replace('_', '-')} ${n(v)}`)
            .join(' · ')
        : '(no funnel API)',
    ],
    [
      'conversion',
      r.funnel
        ? `MQL→SQL ${pct(r.funnel.rates.mqlToSql)} · SQL→won ${pct(r.funnel.rates.sqlToWon)} · median lead→MQL ${days(r.funnel.medians.leadToMqlMs)}, MQL→SQL ${days(r.funnel.medians.mqlToSqlMs)}`
        : '–',
    ],
    [
      'sales',
      r.sales
        ? `accepted ${n(r.sales.accepted)} · rejected ${n(r.sales.rejected)} · won ${n(r.sales.won)} · lost ${n(r.sales.lost)} · ` +
          `${n(r.sales.late)} answered days late · ${n(r.sales.missed)} never followed up`
        : 'no dispositions (--no-dispositions)',
    ],
    ...(r.crm
      ? [
          [
            'crm' as string,
            `${n(r.crm.rows)} deals dated in ${r.crm.quarter} sent to POST /api/outcomes · ${n(r.crm.created)} recorded · ` +
              `${n(r.crm.unmatched)} without a lead`,
          ] as [string, string],
        ]
      : []),
    [
      'alerts',
      r.alertsHeld
        ? `${n(r.alertsHeld)} for simulated leads, kept in the outbox as failed ("simulated traffic"), none sent`
        : 'none (no webhook endpoint subscribed to what happened)',
    ],
    ['time', `${(r.elapsedMs / 1000).toFixed(1)} s · ${n(Math.round(r.run.events / Math.max(r.elapsedMs / 1000, 0.001)))} events/s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  if (r.refusals.length) lines.push('', '  refused requests (first few):', ...r.refusals.map((x) => `    ${x}`));
  return ['', 'Simulation done', ...lines, ''].join('\n');
}
