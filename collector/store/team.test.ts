import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DB } from '../db/index.js';
import { postgresTestsEnabled, useTestDatabase } from '../../test/support/postgres.js';
import type { DashboardSessions } from './port/parts.js';
import type { NewAuditEntry, TeamReads } from './port/team.js';
import { asAsync } from './port/async.js';
import { createSqliteTeamReads } from './sqlite/team.js';
import { sqliteSessionRows } from './sqlite/sessions.js';
import { createPostgresTeamReads } from './postgres/team.js';
import { createPostgresSessions } from './postgres/sessions.js';
import { migratePostgres } from './postgres/migrate.js';

interface Stores {
  team: TeamReads;
  sessions: DashboardSessions;
}

function sqliteStores(): () => Stores {
  let db: DB;
  let stores: Stores;
  beforeEach(() => {
    db?.close();
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'kteam-')), 'k.db'));
    stores = { team: createSqliteTeamReads(db), sessions: asAsync(sqliteSessionRows(db)) };
  });
  afterAll(() => db?.close());
  return () => stores;
}

function postgresStores(): () => Stores {
  const pg = useTestDatabase();
  let migrated = false;
  beforeEach(async () => {
    if (!migrated) await migratePostgres(pg.sql);
    migrated = true;
    await pg.sql`TRUNCATE audit_log, api_keys, user_links, dashboard_sessions, users RESTART IDENTITY CASCADE`;
  });
  return () => ({ team: createPostgresTeamReads(pg.sql), sessions: createPostgresSessions(pg.sql) });
}

const STORES = [
  { name: 'SQLite', enabled: true, stores: sqliteStores },
  { name: 'PostgreSQL', enabled: postgresTestsEnabled('collector/store/team.test.ts'), stores: postgresStores },
];

const T0 = Date.UTC(2025, 0, 1);
const ann = { email: 'Ann@Example.COM', name: 'Ann', role: 'sales' as const, passwordHash: 'scrypt$ann' };

for (const store of STORES) {
  describe.runIf(store.enabled)(`team stores on ${store.name}`, () => {
    const get = store.stores();

    it('users: one per address whatever its case, read back without the hash, changed, listed and counted', async () => {
      const { users } = get().team;
      const id = (await users.insert(ann, T0))!;
      expect(id).toBeGreaterThan(0);
      expect(await users.insert({ ...ann, email: 'ann@example.com ', name: 'Other' }, T0)).toBeNull();
      const invited = (await users.insert(
        { email: 'bo@example.com', name: 'Bo', role: 'marketing', passwordHash: null, available: false },
        T0,
      ))!;
      expect(await users.get(id)).toEqual({
        id,
        email: 'ann@example.com',
        name: 'Ann',
        role: 'sales',
        available: true,
        hasPassword: true,
        createdAt: T0,
        updatedAt: T0,
        lastSignInAt: null,
        removedAt: null,
      });
      expect(await users.get(invited)).toMatchObject({ hasPassword: false, available: false, role: 'marketing' });
      expect((await users.byEmail('ANN@example.com'))?.id).toBe(id);
      expect(await users.byEmail('nobody@example.com')).toBeNull();
      expect(await users.passwordHash(id)).toBe('scrypt$ann');
      expect(await users.passwordHash(invited)).toBeNull();

      expect(await users.update(id, { role: 'admin' }, T0 + 1)).toBe(true);
      expect(await users.update(id, { available: false, name: 'Ann B' }, T0 + 2)).toBe(true);
      expect(await users.get(id)).toMatchObject({ role: 'admin', available: false, name: 'Ann B', updatedAt: T0 + 2 });
      await users.setPassword(invited, 'scrypt$bo', T0 + 3);
      await users.signedIn(invited, T0 + 4);
      expect(await users.get(invited)).toMatchObject({ hasPassword: true, lastSignInAt: T0 + 4 });
      expect(await users.passwordHash(invited)).toBe('scrypt$bo');
      expect((await users.list()).map((u) => u.id)).toEqual([id, invited]);
      expect(await users.count()).toBe(2);
      expect(await users.update(999, { role: 'sales' }, T0)).toBe(false);
    });

    it("a password change ends the user's sessions together; others' and the admin token's stay", async () => {
      const { team, sessions } = get();
      const id = (await team.users.insert(ann, T0))!;
      const bob = (await team.users.insert({ ...ann, email: 'bob@example.com' }, T0))!;
      await sessions.insert({ idHash: 'd'.repeat(64), createdAt: T0, expiresAt: T0 + 5000, userId: id });
      await sessions.insert({ idHash: 'e'.repeat(64), createdAt: T0, expiresAt: T0 + 5000, userId: id });
      await sessions.insert({ idHash: 'f'.repeat(64), createdAt: T0, expiresAt: T0 + 5000, userId: bob });
      await sessions.insert({ idHash: '0'.repeat(64), createdAt: T0, expiresAt: T0 + 5000 });
      expect(await sessions.removeOfUser(id)).toBe(2);
      expect(await sessions.removeOfUser(id)).toBe(0);
      expect(await sessions.liveUntil('d'.repeat(64), T0)).toBeNull();
      expect(await sessions.liveUntil('e'.repeat(64), T0)).toBeNull();
      expect(await sessions.liveUntil('f'.repeat(64), T0)).toBe(T0 + 5000);
      expect(await sessions.liveUntil('0'.repeat(64), T0)).toBe(T0 + 5000);
    });

    it('removing a user ends their sessions and links; the row stays; the address can be invited again', async () => {
      const { team, sessions } = get();
      const id = (await team.users.insert(ann, T0))!;
      await sessions.insert({ idHash: 'u'.repeat(64), createdAt: T0, expiresAt: T0 + 1000, userId: id });
      await sessions.insert({ idHash: 't'.repeat(64), createdAt: T0, expiresAt: T0 + 1000 });
      await team.links.insert({ tokenHash: 'magic', purpose: 'magic', userId: id, createdAt: T0, expiresAt: T0 + 1000 });
      expect(await team.session('u'.repeat(64), T0 + 1)).toEqual({
        expiresAt: T0 + 1000,
        user: { id, email: 'ann@example.com', name: 'Ann', role: 'sales' },
      });
      // A demotion (or promotion) counts on the very next check.
      await team.users.update(id, { role: 'marketing' }, T0 + 1);
      expect((await team.session('u'.repeat(64), T0 + 2))?.user?.role).toBe('marketing');

      expect(await team.users.remove(id, T0 + 3)).toBe(true);
      expect(await team.users.remove(id, T0 + 3)).toBe(false);
      expect(await team.session('u'.repeat(64), T0 + 4)).toBeNull();
      expect(await sessions.liveUntil('u'.repeat(64), T0 + 4)).toBeNull();
      expect(await team.links.take('magic', 'magic', T0 + 4)).toBeNull();
      // The admin token's session is nobody's: untouched.
      expect(await team.session('t'.repeat(64), T0 + 4)).toEqual({ expiresAt: T0 + 1000, user: null });

      expect(await team.users.get(id)).toMatchObject({ removedAt: T0 + 3 });
      expect(await team.users.byEmail(ann.email)).toBeNull();
      expect(await team.users.list()).toEqual([]);
      expect(await team.users.count()).toBe(0);
      expect(await team.users.update(id, { role: 'admin' }, T0 + 5)).toBe(false);
      const again = await team.users.insert(ann, T0 + 6);
      expect(again).not.toBeNull();
      expect(again).not.toBe(id);
    });

    it('one-time links: peeked without using, taken once, never after expiry or for another purpose', async () => {
      const { users, links } = get().team;
      const id = (await users.insert(ann, T0))!;
      await links.insert({ tokenHash: 'inv', purpose: 'invite', userId: id, createdAt: T0, expiresAt: T0 + 100 });
      await links.insert({ tokenHash: 'setup', purpose: 'setup', userId: null, createdAt: T0, expiresAt: T0 + 100 });
      await links.insert({ tokenHash: 'old', purpose: 'invite', userId: id, createdAt: T0, expiresAt: T0 + 10 });
      expect(await links.countLive('invite', T0 + 5)).toBe(2);
      expect(await links.countLive('invite', T0 + 10)).toBe(1);
      expect(await links.peek('inv', 'invite', T0 + 1)).toEqual({ userId: id, expiresAt: T0 + 100 });
      expect(await links.peek('inv', 'magic', T0 + 1)).toBeNull();
      expect(await links.take('inv', 'magic', T0 + 1)).toBeNull();
      expect(await links.take('old', 'invite', T0 + 10)).toBeNull();
      expect(await links.take('inv', 'invite', T0 + 2)).toEqual({ userId: id });
      expect(await links.take('inv', 'invite', T0 + 3)).toBeNull();
      expect(await links.peek('inv', 'invite', T0 + 3)).toBeNull();
      expect(await links.take('setup', 'setup', T0 + 4)).toEqual({ userId: null });
      expect(await links.countLive('setup', T0 + 4)).toBe(0);
      expect(await links.take('nope', 'invite', T0)).toBeNull();
    });

    it('API keys: found by hash until revoked, scopes in order, last use recorded, listed newest first', async () => {
      const { users, apiKeys } = get().team;
      const admin = (await users.insert({ ...ann, role: 'admin' }, T0))!;
      const crm = await apiKeys.insert(
        { name: 'CRM', prefix: 'kk_abcd', keyHash: 'h1', scopes: ['outcomes:write', 'leads:read'], createdBy: admin },
        T0,
      );
      const bi = await apiKeys.insert({ name: 'BI', prefix: 'kk_efgh', keyHash: 'h2', scopes: ['admin'], createdBy: null }, T0 + 1);
      expect(await apiKeys.byHash('h1')).toEqual({
        id: crm,
        name: 'CRM',
        prefix: 'kk_abcd',
        scopes: ['outcomes:write', 'leads:read'],
        createdBy: admin,
        createdAt: T0,
        lastUsedAt: null,
        revokedAt: null,
      });
      await apiKeys.touch(crm, T0 + 50);
      expect((await apiKeys.byHash('h1'))?.lastUsedAt).toBe(T0 + 50);
      expect(await apiKeys.revoke(crm, T0 + 60)).toBe(true);
      expect(await apiKeys.revoke(crm, T0 + 61)).toBe(false);
      expect(await apiKeys.byHash('h1')).toBeNull();
      expect(await apiKeys.byHash('nope')).toBeNull();
      const listed = await apiKeys.list();
      expect(listed.map((k) => k.id)).toEqual([bi, crm]);
      expect(listed[1]).toMatchObject({ revokedAt: T0 + 60, lastUsedAt: T0 + 50 });
      expect(listed[1]).not.toHaveProperty('keyHash');
    });

    it('audit: newest first, filtered by actor, action, target and time, paged by keyset without gaps or repeats', async () => {
      const { audit } = get().team;
      const entry = (at: number, action: string, actor: NewAuditEntry['actor'], target: string | null = null): NewAuditEntry => ({
        at,
        actor,
        action,
        target,
        detail: null,
      });
      const ann = { kind: 'user' as const, id: 1, label: 'ann@example.com' };
      const key = { kind: 'key' as const, id: 1, label: 'CRM' };
      const token = { kind: 'token' as const, id: null, label: 'admin token' };
      await audit.append({
        ...entry(T0, 'lead.disposition', ann, 'lead:7'),
        detail: { disposition: 'accepted', note: 'call on Monday — “ok”' },
      });
      await audit.append(entry(T0 + 10, 'lead.disposition', key, 'lead:8'));
      await audit.append(entry(T0 + 10, 'user.invited', token, 'user:2'));
      await audit.append(entry(T0 + 20, 'auth.sign_in', ann));

      const all = await audit.page({ limit: 10 });
      expect(all.map((e) => e.action)).toEqual(['auth.sign_in', 'user.invited', 'lead.disposition', 'lead.disposition']);
      expect(all[3]).toEqual({
        id: all[3]!.id,
        at: T0,
        actor: ann,
        action: 'lead.disposition',
        target: 'lead:7',
        detail: { disposition: 'accepted', note: 'call on Monday — “ok”' },
      });
      expect(all[1]!.actor).toEqual(token);
      // A user and a key may share an id: the actor filter is kind and id.
      expect((await audit.page({ actor: { kind: 'user', id: 1 }, limit: 10 })).map((e) => e.at)).toEqual([T0 + 20, T0]);
      expect((await audit.page({ actor: { kind: 'token', id: null }, limit: 10 })).map((e) => e.action)).toEqual(['user.invited']);
      expect((await audit.page({ action: 'lead.disposition', limit: 10 })).map((e) => e.target)).toEqual(['lead:8', 'lead:7']);
      expect((await audit.page({ target: 'lead:7', limit: 10 })).length).toBe(1);
      expect((await audit.page({ from: T0 + 10, to: T0 + 10, limit: 10 })).length).toBe(2);

      const seen: number[] = [];
      let before: { at: number; id: number } | null = null;
      for (;;) {
        const page = await audit.page({ before, limit: 1 });
        if (page.length === 0) break;
        seen.push(page[0]!.id);
        before = { at: page[0]!.at, id: page[0]!.id };
      }
      expect(seen).toEqual(all.map((e) => e.id));

      // Erasure of lead 7: its entries keep who, what and when, and lose their details; others keep theirs.
      await audit.append({ ...entry(T0 + 30, 'lead.disposition', key, 'lead:8'), detail: { disposition: 'won', note: null } });
      await audit.scrubTarget('lead:7');
      expect((await audit.page({ target: 'lead:7', limit: 10 }))[0]).toMatchObject({
        actor: ann,
        action: 'lead.disposition',
        detail: null,
      });
      expect((await audit.page({ target: 'lead:8', limit: 1 }))[0]!.detail).toEqual({ disposition: 'won', note: null });
    });
  });
}
