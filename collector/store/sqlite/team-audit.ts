import type { DB } from '../../db/index.js';
import type { ActorKind, AuditEntry, AuditPageOptions, NewAuditEntry } from '../port/team.js';

/** An `audit_log` row as both stores return it. */
export interface AuditRow {
  id: number;
  at: number;
  actor_kind: ActorKind;
  actor_id: number | null;
  actor_label: string;
  action: string;
  target: string | null;
  detail: string | null;
}

export const toAuditEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  at: row.at,
  actor: { kind: row.actor_kind, id: row.actor_id, label: row.actor_label },
  action: row.action,
  target: row.target,
  detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>),
});

/**
 * The page filters as statement parameters: an absent filter is a null that matches every row,
 * so both stores run one prepared statement whatever the filters.
 */
export function auditPageParams(o: AuditPageOptions) {
  return {
    actorKind: o.actor?.kind ?? null,
    actorId: o.actor?.id ?? null,
    action: o.action ?? null,
    target: o.target ?? null,
    from: o.from ?? null,
    to: o.to ?? null,
    beforeAt: o.before?.at ?? null,
    beforeId: o.before?.id ?? null,
    limit: o.limit,
  };
}

/** `audit_log` on SQLite. */
export function sqliteAuditRows(db: DB) {
  const append = db.prepare(`INSERT INTO audit_log (at, actor_kind, actor_id, actor_label, action, target, detail)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const page = db.prepare(`SELECT * FROM audit_log
    WHERE (@actorKind IS NULL OR actor_kind = @actorKind) AND (@actorId IS NULL OR actor_id = @actorId)
      AND (@action IS NULL OR action = @action) AND (@target IS NULL OR target = @target)
      AND (@from IS NULL OR at >= @from) AND (@to IS NULL OR at <= @to)
      AND (@beforeAt IS NULL OR at < @beforeAt OR (at = @beforeAt AND id < @beforeId))
    ORDER BY at DESC, id DESC LIMIT @limit`);
  const scrub = db.prepare('UPDATE audit_log SET detail = NULL WHERE target = ?');
  return {
    scrubTarget: (target: string) => void scrub.run(target),
    append(e: NewAuditEntry): void {
      const detail = e.detail === null ? null : JSON.stringify(e.detail);
      append.run(e.at, e.actor.kind, e.actor.id, e.actor.label, e.action, e.target, detail);
    },
    page: (o: AuditPageOptions) => (page.all(auditPageParams(o)) as AuditRow[]).map(toAuditEntry),
  };
}
