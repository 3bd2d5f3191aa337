import type { Context } from 'hono';
import { actorFor } from '../api/principal.js';
import type { AuditStore, NewAuditEntry } from '../store/port/team.js';

/**
 * Records what the request's principal did, inside the transaction `tx` of the change itself, so
 * the change and its entry commit (or roll back) together.
 */
export function audit(
  c: Context,
  tx: { audit: Pick<AuditStore, 'append'>; now: number },
  action: string,
  target: string | null,
  detail: NewAuditEntry['detail'] = null,
): Promise<void> {
  return tx.audit.append({ at: tx.now, actor: actorFor(c), action, target, detail });
}
