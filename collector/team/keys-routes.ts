import { Hono } from 'hono';
import { z } from 'zod';
import { notFound } from '../errors.js';
import { jsonBody, parseInput } from '../http/validate.js';
import { principalOf } from '../api/principal.js';
import { SCOPES, type ApiKey, type TeamReads } from '../store/port/team.js';
import type { Writer } from '../writer/index.js';
import { audit } from './audit.js';
import { API_KEY_PREFIX, newSecret, sha256 } from './tokens.js';

const createBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z
    .array(z.enum(SCOPES))
    .min(1)
    .max(SCOPES.length)
    .transform((s) => [...new Set(s)]),
});
const keyId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** What the API shows of a key: never the key or its hash. */
export const keyView = (k: ApiKey) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
});

/** `/api/keys` (admin): list, create (the key is in this one answer only), revoke. */
export function keysRoutes(deps: { team: Pick<TeamReads, 'apiKeys'>; writer: Pick<Writer, 'transact'> }): Hono {
  const { team, writer } = deps;
  const app = new Hono();

  app.get('/api/keys', async (c) => c.json({ keys: (await team.apiKeys.list()).map(keyView) }));

  app.post('/api/keys', jsonBody(createBody, 'API key'), async (c) => {
    const { name, scopes } = c.var.body;
    const secret = newSecret(API_KEY_PREFIX);
    const p = principalOf(c);
    const key = await writer.transact(async (tx) => {
      const id = await tx.apiKeys.insert(
        {
          name,
          scopes,
          prefix: secret.slice(0, API_KEY_PREFIX.length + 6),
          keyHash: sha256(secret),
          createdBy: p.kind === 'user' ? p.id : null,
        },
        tx.now,
      );
      await audit(c, tx, 'key.created', `key:${id}`, { name, scopes });
      return (await tx.apiKeys.list()).find((k) => k.id === id)!;
    });
    return c.json({ key: keyView(key), secret }, 201);
  });

  app.delete('/api/keys/:id', async (c) => {
    const id = parseInput(keyId, c.req.param('id'), 'key id');
    await writer.transact(async (tx) => {
      if (!(await tx.apiKeys.revoke(id, tx.now))) throw notFound(`no active API key ${id}`);
      await audit(c, tx, 'key.revoked', `key:${id}`);
    });
    return c.json({ revoked: true });
  });

  return app;
}
