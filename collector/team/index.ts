import { Hono } from 'hono';
import type { KeyCheck } from '../api/auth.js';
import type { SignInKit } from '../dashboard/auth-routes.js';
import type { Mailer } from '../mail/index.js';
import type { TeamReads } from '../store/port/team.js';
import type { Writer } from '../writer/index.js';
import { auditRoutes } from './audit-routes.js';
import { keysRoutes } from './keys-routes.js';
import { linkRoutes } from './link-routes.js';
import { passwordRoutes } from './password-routes.js';
import { issueLink } from './links.js';
import { createKeyCheck } from './sign-in.js';
import { usersRoutes } from './users-routes.js';

export { createPasswordCheck } from './sign-in.js';

export interface TeamDeps {
  team: TeamReads;
  writer: Pick<Writer, 'transact'>;
  signIn: SignInKit;
  mailer: Mailer | null;
  publicUrl: string;
  clock: () => number;
  log: (msg: string) => void;
}

export interface Team {
  /** `/auth/setup`, `/auth/invite/accept`, `/auth/magic…`, `/auth/links/check`: public, like the sign-in. */
  publicRoutes: Hono;
  /** `/api/me`, `/api/users…`, `/api/keys…`, `/api/audit`: behind the /api guard and the access table. */
  apiRoutes: Hono;
  keyCheck: KeyCheck;
}

/** Users, API keys and the audit log: their routes and the API-key check of the /api guard. */
export function createTeam(deps: TeamDeps): Team {
  const apiRoutes = new Hono();
  apiRoutes.route('/', usersRoutes(deps));
  apiRoutes.route('/', keysRoutes(deps));
  apiRoutes.route('/', auditRoutes(deps));
  const passwords = passwordRoutes(deps);
  apiRoutes.route('/', passwords.api);
  const touch = (id: number, now: number) => deps.writer.transact((tx) => tx.apiKeys.touch(id, now));
  const publicRoutes = new Hono();
  publicRoutes.route('/', linkRoutes(deps));
  publicRoutes.route('/', passwords.public);
  return { publicRoutes, apiRoutes, keyCheck: createKeyCheck(deps.team, touch, deps.clock) };
}

/**
 * While Kindling has no user, each start makes a new one-time link to create the first admin
 * (printed in the banner); null once anyone exists. The admin token keeps working either way.
 */
export async function firstAdminSetupUrl(writer: Pick<Writer, 'transact'>, publicUrl: string): Promise<string | null> {
  return writer.transact(async (tx) => {
    if ((await tx.users.count()) > 0) return null;
    return (await issueLink(tx.links, 'setup', null, tx.now, publicUrl)).url;
  });
}
