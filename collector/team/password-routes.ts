import { Hono } from 'hono';
import { z } from 'zod';
import { principalOf } from '../api/principal.js';
import { badRequest, conflict, unauthorized } from '../errors.js';
import { jsonBody } from '../http/validate.js';
import { issueLink, LINKS, linkHash } from './links.js';
import { throttledInput, type LinkRoutesDeps } from './link-routes.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { passwordProblem } from './password-policy.js';
import { userAudit } from './sign-in.js';

/**
 * Passwords a user manages: changing one's own (signed in, the current password required) and
 * resetting a forgotten one by a link sent by email. Either ends every session of the user and
 * starts a fresh one for this browser, and is audited. A reset link is a sign-in link (purpose
 * `magic`, 15 minutes, used once) opened on the reset page: whoever holds one can already sign in,
 * so letting it set a password grants nothing more. Wrong current passwords, bad tokens and every
 * reset request count against the sign-in throttle.
 */

const password = z.string().min(1).max(1000);
const bodies = {
  change: z.strictObject({ currentPassword: password, newPassword: password }),
  forgot: z.strictObject({ email: z.string().max(320) }),
  reset: z.strictObject({ token: z.string().min(10).max(200), password }),
};

/** The same as the one-time links' routes. */
export type PasswordRoutesDeps = LinkRoutesDeps;

async function checkPolicy(value: string, email: string) {
  const problem = await passwordProblem(value, email);
  if (problem) throw badRequest(problem, [{ path: 'password', message: problem }]);
}

/** Sets the password, ends every session of the user and records why, in one transaction. */
async function replacePassword(
  deps: PasswordRoutesDeps,
  userId: number,
  value: string,
  record: (now: number) => Parameters<typeof userAudit>,
) {
  const hash = await hashPassword(value);
  await deps.writer.transact(async (tx) => {
    await tx.users.setPassword(userId, hash, tx.now);
    const ended = await tx.sessions.removeOfUser(userId);
    const [user, action, at, detail] = record(tx.now);
    await tx.audit.append(userAudit(user, action, at, { ...detail, sessionsEnded: ended }));
  });
}

export function passwordRoutes(deps: PasswordRoutesDeps): { api: Hono; public: Hono } {
  const { team, signIn, clock } = deps;

  const input = throttledInput(signIn);

  const api = new Hono();
  api.post('/api/me/password', jsonBody(bodies.change), async (c) => {
    const principal = principalOf(c);
    if (principal.kind !== 'user') throw badRequest('a password belongs to a signed-in user, not to a token or an API key');
    const user = (await team.users.get(principal.id))!;
    const body = c.var.body;
    // A stolen session must not become a way to guess the password: wrong guesses count like sign-ins.
    const attempt = signIn.attemptOf(c, user.email);
    signIn.checkThrottle(c, attempt);
    const hash = await team.users.passwordHash(user.id);
    if (!hash || !(await verifyPassword(body.currentPassword, hash)))
      return signIn.fail(c, attempt, badRequest('the current password is wrong', [{ path: 'currentPassword', message: 'wrong' }]));
    await checkPolicy(body.newPassword, user.email);
    await replacePassword(deps, user.id, body.newPassword, (now) => [user, 'user.password_changed', now, {}]);
    return c.json({ changed: true, ...(await signIn.startSession(c, user.id)) });
  });

  const open = new Hono();
  // Always the same answer whether or not the address has an account: no directory of users.
  open.post('/auth/password/forgot', async (c) => {
    const { attempt, body } = await input(c, bodies.forgot);
    if (!deps.mailer) throw conflict('a password reset by email needs an "smtp" block in the configuration: ask an admin');
    signIn.count({ ...attempt, account: body.email.trim().toLowerCase() });
    const user = await team.users.byEmail(body.email);
    if (user) {
      const link = await deps.writer.transact((tx) => issueLink(tx.links, 'magic', user.id, tx.now, deps.publicUrl, 'reset'));
      const minutes = Math.round(LINKS.magic.ttlMs / 60_000);
      const text = `Someone (we hope you) asked to reset your Kindling password:\n\n${link.url}\n\nThe link works once, for ${minutes} minutes. If you did not ask for it, ignore this email: your password stays as it is.\n`;
      // Sent after the answer's decision, never awaited by it: the time taken must not tell who has an account.
      void deps.mailer.send({ to: user.email, subject: 'Reset your Kindling password', text }).catch((err: Error) => {
        deps.log(`kindling: password reset email to user ${user.id} failed: ${err.message}`);
      });
    }
    return c.json({ sent: true }, 202);
  });

  open.post('/auth/password/reset', async (c) => {
    const { attempt, body } = await input(c, bodies.reset);
    const badLink = () => unauthorized('this link is unknown, used or expired: ask for a new one');
    // Peeked first: a password the policy refuses must not use the link up.
    const link = await team.links.peek(linkHash(body.token), 'magic', clock());
    const user = link?.userId ? await team.users.get(link.userId) : null;
    if (!user || user.removedAt !== null) return signIn.fail(c, attempt, badLink());
    await checkPolicy(body.password, user.email);
    const taken = await deps.writer.transact((tx) => tx.links.take(linkHash(body.token), 'magic', tx.now));
    if (taken?.userId !== user.id) return signIn.fail(c, attempt, badLink());
    await replacePassword(deps, user.id, body.password, (now) => [user, 'user.password_reset', now, { method: 'email link' }]);
    return c.json({ signedIn: true, ...(await signIn.startSession(c, user.id)) });
  });

  return { api, public: open };
}
