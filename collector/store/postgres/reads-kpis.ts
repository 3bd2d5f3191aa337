import type { KpiLeadRow, KpiReads } from '../port/kpis.js';
import { KPI_LEADS_SQL } from '../sqlite/reads-kpis.js';
import type { SqlOrTx } from './connect.js';

// The one text both stores run ($1 = from, $2 = to), a prepared statement per connection.
const KPI_LEADS = KPI_LEADS_SQL('$1::bigint', '$2::bigint');

export function postgresKpiReads(sql: SqlOrTx): KpiReads {
  return {
    async kpiLeads(from, to) {
      return [...(await sql.unsafe<KpiLeadRow[]>(KPI_LEADS, [from, to], { prepare: true }))];
    },
  };
}
