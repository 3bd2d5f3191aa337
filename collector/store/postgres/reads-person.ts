import type { EventRow } from '../../events/rows.js';
import type { LeadRow } from '../../engine/projection/store.js';
import type { PersonReads, PersonRows } from '../port/person.js';
import { PERSON_SQL } from '../sqlite/reads-person.js';
import type { SqlOrTx } from './connect.js';
import { together } from './reads-leads.js';

// Text orders in byte order, as SQLite's (see reads.ts).
const TEXTS = Object.fromEntries(
  Object.entries(PERSON_SQL('$1::bigint')).map(([k, text]) => [
    k,
    text
      .replace('ORDER BY key', 'ORDER BY key COLLATE "C"')
      .replace('ORDER BY v.site, v.id', 'ORDER BY v.site COLLATE "C", v.id COLLATE "C"')
      .replace('ORDER BY created_at, id', 'ORDER BY created_at, id COLLATE "C"'),
  ]),
) as ReturnType<typeof PERSON_SQL>;

export function postgresPersonReads(sql: SqlOrTx): PersonReads {
  return {
    person: (id) =>
      together(sql, async (sql) => {
        const run = (text: string) => sql.unsafe<Record<string, string | number | boolean | null>[]>(text, [id], { prepare: true });
        const [[lead], [model], events, traits, links, visitors, history, actions, alerts, crmOutcomes] = await Promise.all([
          run(TEXTS.lead),
          run(TEXTS.model),
          run(TEXTS.events),
          run(TEXTS.traits),
          run(TEXTS.links),
          run(TEXTS.visitors),
          run(TEXTS.history),
          run(TEXTS.actions),
          run(TEXTS.alerts),
          run(TEXTS.crm),
        ]);
        if (!lead) return null;
        const rows: PersonRows = {
          lead: lead as unknown as LeadRow,
          model: (model?.model as string | undefined) ?? null,
          events: [...events] as unknown as EventRow[],
          traits: [...traits],
          links: [...links],
          visitors: [...visitors],
          history: [...history],
          actions: [...actions],
          alerts: [...alerts],
          crmOutcomes: [...crmOutcomes],
        };
        return rows;
      }),
  };
}
