import type { PersonRows } from '../../store/port/person.js';
import { currentScore, type ReadContext } from './item.js';

/** JSON text kept as such when it does not parse (it always should: the stores write it). */
function parsed(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const withParsed = <T extends Record<string, unknown>>(rows: readonly T[], key: string) =>
  rows.map((row) => ({ ...row, [key]: parsed(row[key]) }));

/**
 * GET /api/leads/:id/export: everything Kindling holds about one person (a GDPR access request),
 * as stored: the lead row, its current score, derived state, traits, events, browser links and
 * their first visits, stage history, sales actions (dispositions and notes, a CRM import's with its CRM facts), the alerts sent
 * about them and what each CRM said of them. Times are epoch milliseconds, as stored; JSON columns are parsed.
 */
export async function personExport(rc: ReadContext, id: number) {
  const rows: PersonRows | null = await rc.reads.person(id);
  if (!rows) return null;
  const { score, engagement } = currentScore(rc, rows.lead);
  return {
    exportedAt: new Date(rc.now).toISOString(),
    lead: rows.lead,
    score: { score, engagement, fit: rows.lead.fit },
    state: parsed(rows.model),
    traits: withParsed(rows.traits, 'value'),
    events: withParsed(rows.events as unknown as Record<string, unknown>[], 'props'),
    links: rows.links,
    visitors: rows.visitors,
    stageHistory: rows.history,
    salesActions: rows.actions,
    alerts: withParsed(rows.alerts, 'body'),
    crmOutcomes: rows.crmOutcomes,
  };
}
