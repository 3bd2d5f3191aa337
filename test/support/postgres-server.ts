import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's PostgreSQL 15 binaries (package `postgresql`). */
export const PG_BIN = '/usr/lib/postgresql/15/bin';
export const PG_INSTALL_HINT = 'apt-get update && apt-get install -y postgresql';
/** The superuser initdb creates; tests connect as it over TCP with trust auth on 127.0.0.1 only. */
export const PG_SUPERUSER = 'kindling';

export interface PostgresServer {
  /** Base URL without a database name: `postgres://kindling@127.0.0.1:PORT`. */
  url: string;
  port: number;
  stop(): void;
}

export const hasPostgres = () => existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** initdb refuses to run as root: as root, the server runs as the unprivileged `postgres` user. */
function asServerUser(): { prefix: string[]; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { prefix: ['runuser', '-u', 'postgres', '--'], uid, gid };
}

/**
 * Starts a throwaway PostgreSQL in a fresh temporary directory: a copy of an initdb'd template
 * cluster (made once, see templateCluster), then pg_ctl start on a
 * free port, listening on 127.0.0.1 only. Durability settings are off (the data dies with the
 * run), so a test costs what the queries cost. `stop()` stops the server and removes the folder;
 * a failed start removes it too.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-pg-'));
  const data = join(dir, 'data');
  const user = asServerUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const run = (bin: string, args: string[]) => {
    const result = spawnSync(...commandOf(user, bin, args), { encoding: 'utf8', cwd: dir });
    if (result.status !== 0) throw new Error(`${bin} failed (${result.status}): ${result.stderr || result.stdout}`);
  };
  const stop = () => {
    if (existsSync(join(data, 'postmaster.pid'))) spawnSync(...commandOf(user, 'pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    copyCluster(templateCluster(user, run), data);
    const port = await freePort();
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses='127.0.0.1'",
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
      // Deadlock tests wait this long for detection (default 1 s).
      '-c deadlock_timeout=100ms',
    ].join(' ');
    run('pg_ctl', ['start', '-D', data, '-w', '-t', '30', '-l', join(dir, 'server.log'), '-o', options]);
    return { url: `postgres://${PG_SUPERUSER}@127.0.0.1:${port}`, port, stop };
  } catch (err) {
    stop();
    throw err;
  }
}

const INITDB_ARGS = ['-U', PG_SUPERUSER, '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C'];
/** Named by what makes a cluster: a change of version or initdb arguments gets a new template. */
const TEMPLATE = join(tmpdir(), `kindling-pg15-template-${createHash('sha256').update(INITDB_ARGS.join(' ')).digest('hex').slice(0, 12)}`);

/**
 * initdb takes seconds; copying its result takes a fraction of that. The first run makes a
 * template cluster (never started) and later runs copy it. It appears by an atomic rename, so
 * runs racing to make it never see half of one.
 */
function templateCluster(user: ReturnType<typeof asServerUser>, run: (bin: string, args: string[]) => void): string {
  if (existsSync(join(TEMPLATE, 'PG_VERSION'))) return TEMPLATE;
  const staging = mkdtempSync(`${TEMPLATE}-making-`);
  if (user) chownSync(staging, user.uid, user.gid);
  try {
    run('initdb', ['-D', join(staging, 'data'), ...INITDB_ARGS]);
    renameSync(join(staging, 'data'), TEMPLATE);
  } catch (err) {
    if (!existsSync(join(TEMPLATE, 'PG_VERSION'))) throw err;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return TEMPLATE;
}

/** `cp -a` keeps the owner and the 0700 mode PostgreSQL insists on. */
function copyCluster(from: string, to: string): void {
  execFileSync('cp', ['-a', from, to]);
}

function commandOf(user: ReturnType<typeof asServerUser>, bin: string, args: string[]): [string, string[]] {
  const [cmd, ...rest] = [...(user?.prefix ?? []), join(PG_BIN, bin), ...args];
  return [cmd!, rest];
}
