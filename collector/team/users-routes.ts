import { Hono } from 'hono';
import { z } from 'zod';
import { conflict, notFound } from '../errors.js';
import { jsonBody, parseInput } from '../http/validate.js';
import { principalOf } from '../api/principal.js';
import type { Mailer } from '../mail/index.js';
import { ROLES, type TeamReads, type User, type UserStore } from '../store/port/team.js';
import type { Writer } from '../writer/index.js';
import { audit } from './audit.js';
import { issueLink } from './links.js';

const inviteBody = z.strictObject({ email: z.email().max(320), name: z.string().trim().min(1).max(200), role: z.enum(ROLES) });
const patchBody = z
  .strictObject({ name: z.string().trim().min(1).max(200), role: z.enum(ROLES), available: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'send at least one of name, role, available');
const userId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** What the API shows of a user: never the password hash (the store does not even return it). */
export const userView = (u: User) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  available: u.available,
  status: u.hasPassword ? ('active' as const) : ('invited' as const),
  createdAt: u.createdAt,
  lastSignInAt: u.lastSignInAt,
});

export interface UsersRoutesDeps {
  team: Pick<TeamReads, 'users'>;
  writer: Pick<Writer, 'transact'>;
  mailer: Mailer | null;
  publicUrl: string;
  log: (msg: string) => void;
}

/** The team would be locked out of its own settings: the last admin stays an admin. */
async function keepAnAdmin(users: Pick<UserStore, 'list'>, id: number): Promise<void> {
  const admins = (await users.list()).filter((u) => u.role === 'admin' && u.hasPassword);
  if (admins.length === 1 && admins[0]!.id === id) throw conflict('this is the last admin: make someone else admin first');
}

/** `/api/me` for everyone; `/api/users…` (admin): invite, change role, name or availability, remove. */
export function usersRoutes(deps: UsersRoutesDeps): Hono {
  const { team, writer, mailer } = deps;
  const app = new Hono();

  app.get('/api/me', async (c) => {
    const p = principalOf(c);
    if (p.kind === 'user') return c.json({ kind: 'user', user: userView((await team.users.get(p.id))!) });
    if (p.kind === 'key') return c.json({ kind: 'key', key: { id: p.id, name: p.name, scopes: p.scopes } });
    return c.json({ kind: 'token' });
  });

  app.get('/api/users', async (c) => c.json({ users: (await team.users.list()).map(userView) }));

  // An invite creates the user (status "invited") and a one-time link; the admin sees the link once
  // (to pass on), and it is emailed when SMTP is configured.
  app.post('/api/users', jsonBody(inviteBody, 'invite'), async (c) => {
    const body = c.var.body;
    const { user, link } = await writer.transact(async (tx) => {
      const id = await tx.users.insert({ ...body, passwordHash: null }, tx.now);
      if (id === null) throw conflict(`${body.email} is already on the team`);
      const link = await issueLink(tx.links, 'invite', id, tx.now, deps.publicUrl);
      await audit(c, tx, 'user.invited', `user:${id}`, { email: body.email.toLowerCase(), role: body.role });
      return { user: (await tx.users.get(id))!, link };
    });
    let emailed = false;
    if (mailer) {
      const text = `You are invited to Kindling as ${user.role}.\n\nSet your password here (the link works once, for 7 days):\n${link.url}\n`;
      emailed = await mailer.send({ to: user.email, subject: 'Your invitation to Kindling', text }).then(
        () => true,
        (err: Error) => (deps.log(`kindling: invite email to user ${user.id} failed: ${err.message}`), false),
      );
    }
    return c.json({ user: userView(user), inviteUrl: link.url, expiresAt: link.expiresAt, emailed }, 201);
  });

  app.patch('/api/users/:id', jsonBody(patchBody, 'user change'), async (c) => {
    const id = parseInput(userId, c.req.param('id'), 'user id');
    const change = c.var.body;
    const user = await writer.transact(async (tx) => {
      const before = await tx.users.get(id);
      if (!before || before.removedAt !== null) throw notFound(`no user ${id}`);
      if (change.role && change.role !== 'admin' && before.role === 'admin') await keepAnAdmin(tx.users, id);
      await tx.users.update(id, change, tx.now);
      const changed = Object.fromEntries(Object.entries(change).map(([k, v]) => [k, { from: before[k as keyof typeof change], to: v }]));
      await audit(c, tx, 'user.changed', `user:${id}`, { email: before.email, ...changed });
      return (await tx.users.get(id))!;
    });
    return c.json({ user: userView(user) });
  });

  // Removal is immediate: the user's sessions and links go in the same transaction.
  app.delete('/api/users/:id', async (c) => {
    const id = parseInput(userId, c.req.param('id'), 'user id');
    await writer.transact(async (tx) => {
      const before = await tx.users.get(id);
      if (!before || before.removedAt !== null) throw notFound(`no user ${id}`);
      if (before.role === 'admin') await keepAnAdmin(tx.users, id);
      await tx.users.remove(id, tx.now);
      await audit(c, tx, 'user.removed', `user:${id}`, { email: before.email, role: before.role });
    });
    return c.json({ removed: true });
  });

  return app;
}
