import { Hono } from 'hono';
import { z } from 'zod';
import { badRequest } from '../errors.js';
import { parseInput } from '../http/validate.js';
import { decodeCursor, encodeCursor } from '../api/leads/cursor.js';
import type { AuditEntry, TeamReads } from '../store/port/team.js';

const query = z.strictObject({
  /** `user:3`, `key:2` or `token`. */
  actor: z
    .string()
    .regex(/^(user:\d{1,15}|key:\d{1,15}|token|system)$/, 'actor is user:<id>, key:<id>, token or system')
    .optional(),
  action: z.string().min(1).max(100).optional(),
  target: z.string().min(1).max(300).optional(),
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

function actorFilter(text: string | undefined) {
  if (!text) return null;
  const [kind, id] = text.split(':') as ['user' | 'key' | 'token' | 'system', string | undefined];
  return { kind, id: id === undefined ? null : Number(id) };
}

/** `GET /api/audit` (admin): newest first, filtered by actor, action, target and time, keyset pages like the lead list. */
export function auditRoutes(deps: { team: Pick<TeamReads, 'audit'> }): Hono {
  const app = new Hono();
  app.get('/api/audit', async (c) => {
    const q = parseInput(query, c.req.query(), 'query');
    const cursor = decodeCursor(q.cursor, 'audit');
    if (q.cursor && !cursor) throw badRequest('invalid cursor');
    const rows: AuditEntry[] = await deps.team.audit.page({
      actor: actorFilter(q.actor),
      action: q.action ?? null,
      target: q.target ?? null,
      from: q.from ?? null,
      to: q.to ?? null,
      before: cursor ? { at: cursor.at, id: cursor.id } : null,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return c.json({
      entries: page,
      nextCursor: rows.length > q.limit && last ? encodeCursor({ k: 'audit', at: last.at, id: last.id }) : null,
    });
  });
  return app;
}
