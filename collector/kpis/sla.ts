import type { KpiLeadRow } from '../store/port/kpis.js';
import { cohortOf, inRange, type Mode, type Range } from './period.js';
import { percentile, ratio } from './stats.js';

export interface SlaFigures {
  slaHours: number;
  /** SQLs of the period whose first sales action came within the SLA. */
  withinSla: number;
  /** Acted on late, or not yet acted on with the deadline passed. */
  late: number;
  /** Not acted on yet, deadline still ahead: left out of the share. */
  pending: number;
  /** withinSla / (withinSla + late). */
  share: number | null;
  medianToFirstActionMs: number | null;
}

export interface OverdueLead {
  id: number;
  email: string;
  ownerId: number | null;
  owner: string | null;
  sqlAt: number;
  dueAt: number;
}

export interface Owner {
  id: number;
  name: string;
}
/** Who owns a lead: the owner routing (or a reassignment) gave it, as the KPI read carries it. */
export type OwnerOf = (row: KpiLeadRow) => Owner | null;
export const ownerOfRow: OwnerOf = (r) => (r.owner_id === null ? null : { id: r.owner_id, name: r.owner_name ?? `user ${r.owner_id}` });

/** The follow-up SLA over the period's SQLs (first reached SQL in it, or created in it for the cohort). */
export function slaFigures(rows: readonly KpiLeadRow[], mode: Mode, range: Range, slaHours: number, now: number): SlaFigures {
  const slaMs = slaHours * 3_600_000;
  const sqls = (mode === 'cohort' ? cohortOf(rows, range) : rows.filter((r) => inRange(r.first_sql_at, range))).filter(
    (r) => r.first_sql_at !== null,
  );
  let withinSla = 0, late = 0, pending = 0; // prettier-ignore
  const waits: number[] = [];
  for (const r of sqls) {
    const sqlAt = r.first_sql_at!;
    if (r.first_action_at !== null) {
      waits.push(r.first_action_at - sqlAt);
      if (r.first_action_at - sqlAt <= slaMs) withinSla++;
      else late++;
    } else if (now > sqlAt + slaMs) late++;
    else pending++;
  }
  return {
    slaHours,
    withinSla,
    late,
    pending,
    share: ratio(withinSla, withinSla + late),
    medianToFirstActionMs: percentile(
      waits.sort((a, b) => a - b),
      0.5,
    ),
  };
}

/** SQLs waiting for sales now, past their deadline, oldest first (whatever the period). */
export function overdue(rows: readonly KpiLeadRow[], slaHours: number, now: number, ownerOf: OwnerOf = ownerOfRow): OverdueLead[] {
  const slaMs = slaHours * 3_600_000;
  return rows
    .filter((r) => r.stage === 'sql' && r.disposition === null && r.first_action_at === null && r.first_sql_at !== null)
    .filter((r) => now > r.first_sql_at! + slaMs)
    .map((r) => {
      const owner = ownerOf(r);
      return {
        id: r.id,
        email: r.email,
        ownerId: owner?.id ?? null,
        owner: owner?.name ?? null,
        sqlAt: r.first_sql_at!,
        dueAt: r.first_sql_at! + slaMs,
      };
    })
    .sort((a, b) => a.sqlAt - b.sqlAt || a.id - b.id);
}

/**
 * The SLA figures per owner (unowned leads in one `null` group), owners with SQLs in the period
 * only, by name; the unowned group last.
 */
export function slaByOwner(
  rows: readonly KpiLeadRow[],
  mode: Mode,
  range: Range,
  slaHours: number,
  now: number,
  ownerOf: OwnerOf = ownerOfRow,
) {
  const groups = new Map<number | null, { owner: Owner | null; members: KpiLeadRow[] }>();
  for (const r of rows) {
    const owner = ownerOf(r);
    const group = groups.get(owner?.id ?? null) ?? { owner, members: [] };
    group.members.push(r);
    groups.set(owner?.id ?? null, group);
  }
  return [...groups.values()]
    .map(({ owner, members }) => ({
      ownerId: owner?.id ?? null,
      owner: owner?.name ?? null,
      ...slaFigures(members, mode, range, slaHours, now),
    }))
    .filter((g) => g.withinSla + g.late + g.pending > 0)
    .sort((a, b) => (a.owner === null ? 1 : b.owner === null ? -1 : a.owner.localeCompare(b.owner) || a.ownerId! - b.ownerId!));
}
