import { Hono } from 'hono';
import { z } from 'zod';
import { conflict, unauthorized, badRequest, KindlingError } from '../errors.js';
import { readJson } from '../http/body.js';
import { parseInput } from '../http/validate.js';
import type { SignInKit } from '../dashboard/auth-routes.js';
import type { Mailer } from '../mail/index.js';
import type { LinkPurpose, TeamReads } from '../store/port/team.js';
import type { Writer } from '../writer/index.js';
import { issueLink, linkHash } from './links.js';
import { hashPassword } from './passwords.js';
import { passwordProblem } from './password-policy.js';
import { userAudit } from './sign-in.js';

const token = z.string().min(10).max(200);
const email = z.email().max(320);
const name = z.string().trim().min(1).max(200);
const password = z.string().min(1).max(1000);
const bodies = {
  magic: z.strictObject({ email: z.string().max(320) }),
  redeem: z.strictObject({ token }),
  check: z.strictObject({ token, purpose: z.enum(['invite', 'setup']) }),
  accept: z.strictObject({ token, password, name: name.optional() }),
  setup: z.strictObject({ token, email, name, password }),
};

export interface LinkRoutesDeps {
  team: Pick<TeamReads, 'users' | 'links'>;
  writer: Pick<Writer, 'transact'>;
  signIn: SignInKit;
  /** Null when no `smtp` is configured: magic links are off. */
  mailer: Mailer | null;
  publicUrl: string;
  clock: () => number;
  log: (msg: string) => void;
}

/** Parses a public route's body after the throttle check; any refusal counts against the throttle like a wrong password. */
export function throttledInput(signIn: SignInKit) {
  return async <S extends z.ZodType>(c: Parameters<SignInKit['attemptOf']>[0], schema: S) => {
    const attempt = signIn.attemptOf(c);
    signIn.checkThrottle(c, attempt);
    try {
      return { attempt, body: parseInput(schema, await readJson(c), 'body') as z.infer<S> };
    } catch (err) {
      if (!(err instanceof KindlingError)) throw err;
      return signIn.fail(c, attempt, err);
    }
  };
}

/**
 * The one-time links' routes, public like `/auth/login`: the first admin's setup, accepting an
 * invite (setting a password), and sign-in by a link sent by email. A wrong, used or expired token
 * counts as a failed sign-in in the throttle.
 */
export function linkRoutes(deps: LinkRoutesDeps): Hono {
  const { team, writer, signIn, mailer, clock } = deps;
  const app = new Hono();

  const input = throttledInput(signIn);
  const badLink = () => unauthorized('this link is unknown, used or expired: ask for a new one');
  const checkPassword = async (value: string, who: string) => {
    const problem = await passwordProblem(value, who);
    if (problem) throw badRequest(problem, [{ path: 'password', message: problem }]);
  };

  app.post('/auth/links/check', async (c) => {
    const { attempt, body } = await input(c, bodies.check);
    const link = await team.links.peek(linkHash(body.token), body.purpose as LinkPurpose, clock());
    if (!link) return signIn.fail(c, attempt, badLink());
    const user = link.userId === null ? null : await team.users.get(link.userId);
    return c.json({ purpose: body.purpose, expiresAt: link.expiresAt, email: user?.email ?? null, name: user?.name ?? null });
  });

  // The first admin, from the setup link `npm start` prints while there is no user.
  app.post('/auth/setup', async (c) => {
    const { attempt, body } = await input(c, bodies.setup);
    await checkPassword(body.password, body.email);
    const hash = await hashPassword(body.password);
    const now = clock();
    const user = await writer.transact(async (tx) => {
      if (!(await tx.links.take(linkHash(body.token), 'setup', tx.now))) return null;
      if ((await tx.users.count()) > 0) throw conflict('Kindling already has users: ask an admin for an invite');
      const id = await tx.users.insert({ email: body.email, name: body.name, role: 'admin', passwordHash: hash }, tx.now);
      if (id === null) throw conflict('a user with this email exists');
      return { id, email: body.email.toLowerCase() };
    });
    if (!user) return signIn.fail(c, attempt, badLink());
    const session = await signIn.startSession(c, user.id, userAudit(user, 'user.setup', now, { role: 'admin' }));
    return c.json({ signedIn: true, ...session }, 201);
  });

  app.post('/auth/invite/accept', async (c) => {
    const { attempt, body } = await input(c, bodies.accept);
    const link = await team.links.peek(linkHash(body.token), 'invite', clock());
    const invited = link?.userId ? await team.users.get(link.userId) : null;
    if (!invited || invited.removedAt !== null) return signIn.fail(c, attempt, badLink());
    await checkPassword(body.password, invited.email);
    const hash = await hashPassword(body.password);
    const taken = await writer.transact(async (tx) => {
      if (!(await tx.links.take(linkHash(body.token), 'invite', tx.now))) return false;
      await tx.users.setPassword(invited.id, hash, tx.now);
      if (body.name) await tx.users.update(invited.id, { name: body.name }, tx.now);
      return true;
    });
    if (!taken) return signIn.fail(c, attempt, badLink());
    const session = await signIn.startSession(c, invited.id, userAudit(invited, 'user.joined', clock(), { role: invited.role }));
    return c.json({ signedIn: true, ...session });
  });

  // Always the same answer whether or not the address has an account: no directory of users.
  app.post('/auth/magic', async (c) => {
    const { body } = await input(c, bodies.magic);
    if (!mailer) throw conflict('sign-in by email needs an "smtp" block in the configuration');
    const user = await team.users.byEmail(body.email);
    if (user) {
      const link = await writer.transact((tx) => issueLink(tx.links, 'magic', user.id, tx.now, deps.publicUrl));
      const text = `Sign in to Kindling:\n\n${link.url}\n\nThe link works once, for 15 minutes. If you did not ask for it, ignore this email.\n`;
      // Sent after the answer's decision, never awaited by it: the time taken must not tell who has an account.
      void mailer.send({ to: user.email, subject: 'Your Kindling sign-in link', text }).catch((err: Error) => {
        deps.log(`kindling: sign-in email to user ${user.id} failed: ${err.message}`);
      });
    }
    return c.json({ sent: true }, 202);
  });

  app.post('/auth/magic/redeem', async (c) => {
    const { attempt, body } = await input(c, bodies.redeem);
    const taken = await writer.transact((tx) => tx.links.take(linkHash(body.token), 'magic', tx.now));
    const user = taken?.userId ? await team.users.get(taken.userId) : null;
    if (!user || user.removedAt !== null) return signIn.fail(c, attempt, badLink());
    const session = await signIn.startSession(c, user.id, userAudit(user, 'auth.sign_in', clock(), { method: 'email link' }));
    return c.json({ signedIn: true, ...session });
  });

  return app;
}
