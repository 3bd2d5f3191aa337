import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { demoConfig } from '../collector/config/demo.js';
import { testConfig } from '../collector/config/index.js';
import { createKindling } from '../collector/kindling.js';
import { buildCollector, startServerProcess, type ServerProcess } from './support/server-process.js';
import { HUMAN_USER_AGENT } from './support/browser.js';
import { badApiBody, badIngestRequests, badParam, badQuery, anyContentType, invalidUtf8, validBatch } from './support/malformed/inputs.js';
import { pool, rawRequest, send } from './support/malformed/http.js';
import { badAuthRequest, badSegmentRequests, validSegmentBatch } from './support/malformed/segment.js';

/**
 * Fault sweep: thousands of malformed requests to POST /e, every /api, /v1 (Segment) and /auth route, against the real
 * built server in its own process. None may get a 5xx, the process must stay up and healthy, and
 * not one row may be written. Inputs come from fast-check with a fixed seed (FUZZ_SEED overrides).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 8_2025);
const TOKEN = 'malformed-sweep-admin-token-0123456789';
const browser = { origin: 'http://localhost:3000', 'user-agent': HUMAN_USER_AGENT };

let dir: string;
let server: ServerProcess;
let before: Record<string, number>;

function tableCounts(): Record<string, number> {
  const db = new Database(join(dir, 'k.db'), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
      name: string;
    }[];
    // Table names come from sqlite_master, not from input; quoted as identifiers.
    const counts = Object.fromEntries(
      tables.map(({ name }) => [name, (db.prepare(`SELECT COUNT(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number }).n]),
    );
    // A rescore takes no input, so the sweep's garbage-bodied POST /api/rescore with the token really rescores, and
    // each run is audited (rules.rescored): that entry records the run, not the garbage. Every other audit entry counts.
    if ('audit_log' in counts) {
      counts.audit_log = (db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action <> 'rules.rescored'").get() as { n: number }).n;
    }
    return counts;
  } finally {
    db.close();
  }
}

/** Every route under `prefix` the app registers (method, path), taken from an in-process instance. */
async function routesUnder(prefix: string): Promise<{ method: string; path: string }[]> {
  const k = await createKindling(testConfig(), { log: () => {} });
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of k.app.routes) {
    if (!r.path.startsWith(prefix) || r.method === 'ALL' || r.path.includes('*')) continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  void k.close();
  return [...seen.values()];
}

beforeAll(async () => {
  buildCollector();
  dir = mkdtempSync(join(tmpdir(), 'kindling-fuzz-'));
  // One client sends everything: the rate limit would answer 429 before validation ever ran.
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...demoConfig, rateLimit: { enabled: false } }));
  server = await startServerProcess({
    KINDLING_DB: join(dir, 'k.db'),
    KINDLING_CONFIG: join(dir, 'config.json'),
    KINDLING_ADMIN_TOKEN: TOKEN,
  });
  // A few leads, so list, detail, company and funnel code runs on data while garbage comes in.
  for (const [i, email] of ['ann@northwind.example', 'bo@gmail.com', 'cy@northwind.example'].entries()) {
    const lead: Record<string, unknown> = { ...validBatch(Date.now()), v: `0190a6f1e2b37c4d8e9fa0b1c2d3e5${i}0` };
    const e = (lead.e as Record<string, unknown>[]).map((ev) => ({
      ...ev,
      i: `seed${i}${ev.i as string}`,
      ...(ev.t === 'form' ? { em: email } : {}),
    }));
    const res = await fetch(`${server.url}/e`, {
      method: 'POST',
      headers: { ...browser, 'content-type': 'text/plain' },
      body: JSON.stringify({ ...lead, e }),
    });
    if (res.status !== 202) throw new Error(`seeding a lead: ${res.status} ${await res.text()}`);
  }
  // Rescore takes no input, so a garbage body does not stop it: run it once first, so the
  // bookkeeping it keeps in settings exists before the snapshot and a rerun changes no count
  // (its audit entries are left out of the count: see tableCounts).
  await fetch(`${server.url}/api/rescore`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
  before = tableCounts();
});

afterAll(async () => {
  if (server?.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

const failures = (rows: { status: number; label: string }[], ok: (s: number) => boolean) =>
  rows.filter((r) => !ok(r.status)).map((r) => `${r.status} ← ${r.label}`);

/**
 * Every case is invalid by construction: a 4xx each, and no 2xx (a 2xx would mean something was
 * taken in). Only a body over the route's limit may instead be cut off by closing the connection.
 */
function expectAllRefused(rows: { status: number; label: string; bytes: number }[], maxBodyBytes: number): void {
  const overLimit = (r: { bytes: number }) => r.bytes > maxBodyBytes;
  expect(
    failures(
      rows.filter((r) => !overLimit(r)),
      (s) => s >= 400 && s < 500,
    ),
  ).toEqual([]);
  expect(failures(rows.filter(overLimit), (s) => s === 0 || s === 413)).toEqual([]);
}

describe('malformed input never gets a 5xx, never crashes the collector, never stores anything', () => {
  it('POST /e: random bytes, wrong types, huge strings, deep nesting, invalid UTF-8, wrong content types', async () => {
    const cases = fc.sample(badIngestRequests(Date.now()), { numRuns: 600, seed: SEED });
    const rows = await pool(
      cases.map((c) => async () => ({
        status: await send(server.url, 'POST', '/e', { body: c.body, contentType: c.contentType, headers: browser }),
        label: c.kind,
        bytes: c.body?.length ?? 0,
      })),
      8,
    );
    expectAllRefused(rows, 64 * 1024);
    const kinds = new Set(rows.map((r) => r.label.split(/[ (]/)[0]));
    expect(kinds.size).toBeGreaterThanOrEqual(7);
    expect(tableCounts()).toEqual(before);
    expect(before.leads).toBe(3);
  }, 60_000);

  it('POST /e refuses invalid UTF-8 with a 400 instead of storing replacement characters', async () => {
    for (const c of fc.sample(invalidUtf8(Date.now()), { numRuns: 10, seed: SEED })) {
      expect(await send(server.url, 'POST', '/e', { body: c.body, contentType: c.contentType, headers: browser }), c.kind).toBe(400);
    }
    // The same batch, valid, is taken: the 400s above were about the bytes.
    const valid = new Uint8Array(Buffer.from(JSON.stringify({ ...validBatch(Date.now()), v: '0190a6f1e2b37c4d8e9fa0b1c2d3e4ff' })));
    expect(
      await send(server.url, 'POST', '/e', { body: valid, contentType: 'text/plain', headers: { ...browser, 'user-agent': 'curl/8.0' } }),
    ).toBe(202);
    expect(tableCounts()).toEqual(before); // a bot: accepted and dropped
  }, 30_000);

  it('every /api route: garbage ids, queries, bodies and content types; with and without the token', async () => {
    const routes = await routesUnder('/api');
    expect(routes.length).toBeGreaterThan(5);
    const arb = fc.record({
      param: badParam,
      query: badQuery,
      body: badApiBody,
      contentType: anyContentType,
      auth: fc.constantFrom('token', 'token', 'token', 'none', 'wrong'),
    });
    const jobs = routes.flatMap((route) =>
      fc.sample(arb, { numRuns: 25, seed: SEED + route.path.length }).map((g) => async () => {
        const path = route.path.replace(/:[A-Za-z_]+(\{[^}]*\})?/g, () => encodeURIComponent(g.param)) + (g.query ? `?${g.query}` : '');
        const authorization = { token: `Bearer ${TOKEN}`, none: undefined, wrong: 'Bearer not-the-token-at-all-000000' }[g.auth];
        const status = await send(server.url, route.method, path, {
          body: g.body.body,
          contentType: g.contentType,
          headers: authorization ? { authorization, ...browser } : browser,
        });
        return { status, label: `${route.method} ${path.slice(0, 120)} (${g.auth})`, auth: g.auth };
      }),
    );
    const rows = await pool(jobs, 8);
    expect(failures(rows, (s) => s > 0 && s < 500)).toEqual([]);
    // Without a valid token nothing gets past the guard (sign-in itself aside).
    const guarded = rows.filter((r) => r.auth !== 'token' && !/\/api\/(session|login|signin|sign-in|auth)/.test(r.label));
    expect(failures(guarded, (s) => s === 401 || s === 404 || s === 405)).toEqual([]);
    expect(tableCounts()).toEqual(before);
  }, 60_000);

  it('every /v1 route (Segment): wrong types, hostile text, deep nesting, invalid UTF-8, huge messages, bad credentials', async () => {
    const routes = await routesUnder('/v1/');
    expect(routes.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/v1/batch', '/v1/track', '/v1/identify', '/v1/page', '/v1/group', '/v1/alias']),
    );
    const names = routes.filter((r) => r.method === 'POST').map((r) => r.path.slice('/v1/'.length));
    const cases = fc.sample(badSegmentRequests(Date.now(), names, demoConfig.sites[0]!.writeKey!), { numRuns: 500, seed: SEED });
    const rows = await pool(
      cases.map((c) => async () => ({
        status: await send(server.url, 'POST', `/v1/${c.route}`, { body: c.body, contentType: c.contentType, headers: c.headers }),
        label: `${c.route}: ${c.kind}`,
        bytes: c.body?.length ?? 0,
      })),
      8,
    );
    expectAllRefused(rows, 500 * 1024);
    const kinds = new Set(rows.map((r) => r.label.split(': ')[1]!.split(/[ (]/)[0]));
    expect(kinds.size).toBeGreaterThanOrEqual(10);
    expect(tableCounts()).toEqual(before);
    // The unbroken batch is taken (so the 4xx above were about the faults), then removed from the count.
    const valid = new Uint8Array(
      Buffer.from(JSON.stringify({ ...validSegmentBatch(Date.now()), writeKey: demoConfig.sites[0]!.writeKey })),
    );
    expect(await send(server.url, 'POST', '/v1/batch', { body: valid, contentType: 'application/json' })).toBe(200);
    expect(tableCounts().events).toBe(before.events! + 2);
    before = tableCounts();
  }, 90_000);

  it('every /auth route: garbage bodies, tokens of every type, garbage cookies; no session is ever made', async () => {
    const routes = await routesUnder('/auth/');
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /auth/login', 'POST /auth/logout', 'GET /auth/session']),
    );
    const jobs = routes.flatMap((route) =>
      fc.sample(badAuthRequest, { numRuns: 40, seed: SEED + route.path.length }).map((g) => async () => ({
        status: await send(server.url, route.method, route.path, {
          body: g.body.body,
          contentType: g.contentType ?? g.body.contentType,
          headers: g.cookie === undefined ? browser : { ...browser, cookie: g.cookie },
        }),
        label: `${route.method} ${route.path} (${g.body.kind})`,
        login: route.path === '/auth/login',
      })),
    );
    const rows = await pool(jobs, 8);
    expect(failures(rows, (s) => s > 0 && s < 500)).toEqual([]);
    expect(
      failures(
        rows.filter((r) => r.login),
        (s) => s >= 400 && s < 500,
      ),
    ).toEqual([]);
    expect(tableCounts()).toEqual(before);
  }, 60_000);

  it('raw HTTP abuse: lying lengths, broken chunking, smuggling, huge headers', async () => {
    const head = `POST /e HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://localhost:3000\r\nUser-Agent: ${HUMAN_USER_AGENT}\r\nContent-Type: text/plain\r\n`;
    const body = JSON.stringify(validBatch(Date.now()));
    const cases = [
      `${head}Content-Length: 5000\r\n\r\n${body.slice(0, 100)}`,
      `${head}Transfer-Encoding: chunked\r\n\r\nzz\r\n${body}\r\n0\r\n\r\n`,
      `${head}Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n5\r\n{"s":\r\n0\r\n\r\n`,
      `${head}Content-Length: -1\r\n\r\n${body}`,
      `${head}Content-Length: 10\r\nContent-Length: 20\r\n\r\n${body}`,
      `${head}X-Big: ${'a'.repeat(100_000)}\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      `GARBAGE / HTTP/1.1\r\nHost: x\r\n\r\n`,
      `POST /e HTTP/9.9\r\n\r\n`,
      `\x00\x01\x02\xff\xfe\r\n\r\n`,
    ];
    for (const raw of cases) {
      const status = await rawRequest(server.port, Buffer.from(raw, 'latin1'));
      expect(status === 0 || (status >= 400 && status < 500), `${status} ← ${JSON.stringify(raw.slice(0, 80))}`).toBe(true);
    }
    expect(tableCounts()).toEqual(before);
  }, 60_000);

  it('the process is still up and healthy, and logged no unhandled error', async () => {
    expect(server.child.exitCode).toBeNull();
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    expect(server.output()).not.toMatch(/unhandled error|uncaught|FATAL/i);
    expect(tableCounts()).toEqual(before);
  });
});
