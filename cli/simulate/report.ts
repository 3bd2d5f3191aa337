import type { Kindling } from '../../collector/kindling.js';
import type { SimulationReport } from './index.js';

/** Leads per stage and disposition, as the funnel API reports them. */
export async function funnelCounts(kindling: Pick<Kindling, 'app' | 'adminToken'>): Promise<Record<string, number>> {
  const res = await kindling.app.request('/api/funnel', { headers: { authorization: `Bearer ${kindling.adminToken}` } });
  if (!res.ok) return {};
  const body = (await res.json()) as { stages?: Record<string, number>; counts?: Record<string, number> };
  return body.stages ?? body.counts ?? {};
}

const n = (x: number) => x.toLocaleString('en-US');

export function formatReport(r: SimulationReport): string {
  const o = r.options;
  const rows: [string, string][] = [
    ['database', r.dbPath],
    ['window', `${o.days} days to ${new Date(o.now).toISOString()} · seed ${o.seed} · via ${o.via}`],
    ['visitors', `${n(o.visitors)} (${Object.entries(r.personas).map(([k, v]) => `${k.replace('_', ' ')} ${n(v)}`).join(', ')})`],
    ['sessions', n(r.sessions)],
    ['requests', `${n(r.run.requests)} sent (${n(r.run.events)} events) · ${n(r.run.accepted)} accepted · ${n(r.run.dropped)} dropped · ${n(r.run.rejected)} refused`],
    ['events stored', `${n(r.eventsStored)}${r.duplicates ? ` (${n(r.duplicates)} already there: same seed and --now as an earlier run)` : ''}`],
    ['bots', `${n(r.botVisitors)} bot visitors · ${n(r.botEventsStored)} of their events stored ${r.botEventsStored === 0 ? '(all dropped, as they should be)' : '(SHOULD BE 0)'}`],
    ['stages', Object.entries(r.stages).map(([k, v]) => `${k} ${n(v)}`).join(' · ') || '(no funnel API)'],
    ['sales', r.sales ? `accepted ${n(r.sales.accepted)} · rejected ${n(r.sales.rejected)} · won ${n(r.sales.won)} · lost ${n(r.sales.lost)}` : 'no dispositions (--no-dispositions)'],
    ['time', `${(r.elapsedMs / 1000).toFixed(1)} s · ${n(Math.round(r.run.events / Math.max(r.elapsedMs / 1000, 0.001)))} events/s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  if (r.refusals.length) lines.push('', '  refused requests (first few):', ...r.refusals.map((x) => `    ${x}`));
  return ['', 'Simulation done', ...lines, ''].join('\n');
}
