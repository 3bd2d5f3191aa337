/**
 * The team stores of the port: users, one-time links, API keys and the audit log. Both stores
 * implement them (store/sqlite/team*.ts, store/postgres/team*.ts) and one behaviour table runs on
 * both (store/team.test.ts). Inside a unit of work they are `tx.users` …; outside one, the port's
 * `team` reads run each call on committed data (a request's session or key check, the lists).
 */

export const ROLES = ['admin', 'marketing', 'sales'] as const;
export type Role = (typeof ROLES)[number];

export const SCOPES = ['leads:read', 'outcomes:write', 'ingest', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface User {
  id: number;
  /** Lower-cased by the store: one address is one user whatever its case. */
  email: string;
  name: string;
  role: Role;
  /** Takes part in round-robin routing. */
  available: boolean;
  /** False for an invited user who has not set a password yet. */
  hasPassword: boolean;
  createdAt: number;
  updatedAt: number;
  lastSignInAt: number | null;
  removedAt: number | null;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
  available?: boolean;
}

export type UserChange = Partial<Pick<User, 'name' | 'role' | 'available'>>;

export interface UserStore {
  /** The new user's id, or null when a user not removed already has this email. */
  insert(user: NewUser, now: number): Promise<number | null>;
  /** Any user, removed ones too (the audit log and owners point at them). */
  get(id: number): Promise<User | null>;
  /** The user (not removed) with this email, in any case. */
  byEmail(email: string): Promise<User | null>;
  /** Users not removed, by id. */
  list(): Promise<User[]>;
  /** Users not removed. */
  count(): Promise<number>;
  /** Kept off `User`, so a hash never reaches a view by accident. */
  passwordHash(id: number): Promise<string | null>;
  /** False when the user does not exist or is removed. */
  update(id: number, change: UserChange, now: number): Promise<boolean>;
  setPassword(id: number, hash: string, now: number): Promise<void>;
  signedIn(id: number, now: number): Promise<void>;
  /** Marks the user removed and ends their sessions and links; false when already removed or unknown. */
  remove(id: number, now: number): Promise<boolean>;
}

export type LinkPurpose = 'setup' | 'invite' | 'magic';

export interface NewLink {
  tokenHash: string;
  purpose: LinkPurpose;
  /** Null for the first admin's setup link (the user does not exist yet). */
  userId: number | null;
  createdAt: number;
  expiresAt: number;
}

export interface LinkStore {
  insert(link: NewLink): Promise<void>;
  /** The link if it is unused and live at `now`, without using it (to show an invite's email). */
  peek(tokenHash: string, purpose: LinkPurpose, now: number): Promise<{ userId: number | null; expiresAt: number } | null>;
  /**
   * Uses the link once: the first caller gets it, every later one (another collector too) gets
   * null, as for an unknown, expired or other-purpose link.
   */
  take(tokenHash: string, purpose: LinkPurpose, now: number): Promise<{ userId: number | null } | null>;
  /** Unused links of a purpose still live at `now` (the banner's setup link is made once). */
  countLive(purpose: LinkPurpose, now: number): Promise<number>;
}

export interface ApiKey {
  id: number;
  name: string;
  /** The key's first characters, shown so people can tell keys apart; never enough to use. */
  prefix: string;
  scopes: Scope[];
  createdBy: number | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface NewApiKey {
  name: string;
  prefix: string;
  keyHash: string;
  scopes: readonly Scope[];
  createdBy: number | null;
}

export interface ApiKeyStore {
  insert(key: NewApiKey, now: number): Promise<number>;
  /** Every key, revoked ones too, newest first. */
  list(): Promise<ApiKey[]>;
  /** A key not revoked with this hash. */
  byHash(keyHash: string): Promise<ApiKey | null>;
  touch(id: number, now: number): Promise<void>;
  /** False when unknown or already revoked. */
  revoke(id: number, now: number): Promise<boolean>;
}

export type ActorKind = 'user' | 'key' | 'token' | 'system';

export interface Actor {
  kind: ActorKind;
  /** The user's or key's id; null for the admin token and the system. */
  id: number | null;
  /** What to show: an email, a key's name, "admin token". Kept as it was when it acted. */
  label: string;
}

export interface NewAuditEntry {
  at: number;
  actor: Actor;
  /** What happened, dotted: `lead.disposition`, `user.invited`, `webhook.updated`, `auth.sign_in` … */
  action: string;
  /** What it happened to: `lead:42`, `user:3`, `key:5`, `webhook:2`; null when nothing in particular. */
  target: string | null;
  /** Small JSON-able details (the new role, the disposition and its note); never a secret. */
  detail: Record<string, unknown> | null;
}

export interface AuditEntry extends NewAuditEntry {
  id: number;
}

export interface AuditPageOptions {
  actor?: { kind: ActorKind; id: number | null } | null;
  action?: string | null;
  target?: string | null;
  /** Inclusive bounds on `at`, ms. */
  from?: number | null;
  to?: number | null;
  /** The keyset: entries strictly older than this (at, id), newest first. */
  before?: { at: number; id: number } | null;
  limit: number;
}

export interface AuditStore {
  append(entry: NewAuditEntry): Promise<void>;
  page(options: AuditPageOptions): Promise<AuditEntry[]>;
  /** Erasure: the entries about `target` keep who, what and when, and lose their details. */
  scrubTarget(target: string): Promise<void>;
}

/** The session check of one request: the session's expiry and whose it is. */
export interface SessionOwner {
  expiresAt: number;
  /** The user as the row says now (a demotion counts at once); null for a session signed in with the admin token. */
  user: Pick<User, 'id' | 'email' | 'name' | 'role'> | null;
}

/** The team stores of one transaction (part of the port's write transaction). */
export interface TeamStores {
  users: UserStore;
  links: LinkStore;
  apiKeys: ApiKeyStore;
  audit: AuditStore;
}

/** The team reads outside a unit of work: committed data, one call at a time. */
export interface TeamReads extends TeamStores {
  /** A live session (by the hash of its id) and its user; null when unknown, expired, or its user is removed. */
  session(idHash: string, now: number): Promise<SessionOwner | null>;
}
