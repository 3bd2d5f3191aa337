import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { postgresTestsEnabled, useTestDatabase } from './postgres.js';

describe.runIf(postgresTestsEnabled('test/support/postgres.test.ts'))('the PostgreSQL test harness', () => {
  const pg = useTestDatabase();

  it('runs the server from a temporary directory, unprivileged when the tests run as root, on 127.0.0.1 only', async () => {
    const [row] = await pg.sql<{ dir: string; listen: string }[]>`
      SELECT current_setting('data_directory') AS dir, current_setting('listen_addresses') AS listen`;
    const { dir, listen } = row!;
    expect(dir).toMatch(/kindling-pg-[^/]+\/data$/);
    expect(listen).toBe('127.0.0.1');
    const owner = statSync(dir).uid;
    if (process.getuid?.() === 0) expect(owner).toBe(Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()));
    else expect(owner).toBe(process.getuid?.());
  });

  it('gives the file a database of its own, and another on request', async () => {
    const [row] = await pg.sql<{ name: string }[]>`SELECT current_database() AS name`;
    expect(row?.name).toMatch(/^kt_[0-9a-f]{12}$/);
    const other = pg.connect();
    expect(other).not.toBe(pg.sql);
    const url = await pg.another();
    expect(url).not.toBe(pg.url);
    expect(url.slice(url.lastIndexOf('/') + 1)).toMatch(/^kt_[0-9a-f]{12}$/);
  });
});
