import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../collector/paths.js';

export interface Child {
  child: ChildProcess;
  port: number;
  /** Peak resident set size so far (VmHWM), MiB; null where /proc is not available. */
  peakRssMb(): number | null;
  rssMb(): number | null;
  cpuSeconds(): number | null;
  stop(): Promise<void>;
}

/** A memory figure from /proc/<pid>/status in MiB; null where /proc is not available. */
function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const kb = new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** Peak resident set size so far (VmHWM), MiB. */
export const peakRssMb = (pid: number) => statusMb(pid, 'VmHWM');
/** Resident set size now (VmRSS), MiB. */
export const rssMb = (pid: number) => statusMb(pid, 'VmRSS');

/** CPU time (user + system) the process has used so far, seconds; null where /proc is not available. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** USER_HZ: 100 on every Linux build Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * The port a server announces: "listening on <url>" (the baselines) or the collector banner's
 * "dashboard <url>", never another URL it prints first (a webhook endpoint's, say).
 */
export function announcedPort(out: string): number | null {
  const port = /(?:listening on|dashboard)\s+http:\/\/[^:\s/]+:(\d+)\//.exec(out)?.[1];
  return port ? Number(port) : null;
}

/** Every child still running: a step that timed out leaves its children behind, stopAll ends them. */
const running = new Set<ChildProcess>();

export function stopAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Starts `node <script>` and resolves once it prints a URL with its port. */
export function startNode(script: string, env: Record<string, string>, args: string[] = [], timeoutMs = 30_000): Promise<Child> {
  const child = spawn(process.execPath, [...args, join(projectRoot, script)], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  running.add(child);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const port = announcedPort(out);
      if (!port) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      child.stderr!.resume();
      resolve({
        child,
        port: Number(port),
        peakRssMb: () => peakRssMb(child.pid!),
        rssMb: () => rssMb(child.pid!),
        cpuSeconds: () => cpuSeconds(child.pid!),
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then(() => reject(new Error(`${script} exited before starting:\n${out}`)));
  });
}

export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789';

/**
 * The built collector as a user starts it, `node dist/collector/main.js`, with no Node flags:
 * whatever it needs (a heap limit, say) must be its own doing, so the bench measures that.
 */
export function startCollector(dbPath: string, configPath: string): Promise<Child> {
  return startNode(
    'dist/collector/main.js',
    { KINDLING_DB: dbPath, KINDLING_CONFIG: configPath, KINDLING_ADMIN_TOKEN: BENCH_ADMIN_TOKEN },
    profileFlags,
  );
}

/** Node flags for profiling (`--cpu-prof DIR`): every collector the bench starts writes a CPU profile there. */
let profileFlags: string[] = [];
export const profileCollectorsInto = (dir: string): void => {
  profileFlags = ['--cpu-prof', `--cpu-prof-dir=${dir}`];
};
