import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../collector/paths.js';

export interface Child {
  child: ChildProcess;
  port: number;
  /** Peak resident set size so far (VmHWM), MiB; null where /proc is not available. */
  peakRssMb(): number | null;
  stop(): Promise<void>;
}

export function peakRssMb(pid: number): number | null {
  try {
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The Node flags `npm start` runs the collector with (package.json): with V8's default heap limit
 * on a large machine (4 GiB here) the heap is allowed to grow lazily and sustained ingest settles at
 * ~260 MB RSS; with a 1 GiB limit it settles at ~150 MB, at the same throughput.
 */
export const COLLECTOR_NODE_FLAGS = ['--max-old-space-size=1024'];

/** Starts `node <script>` and resolves once it prints a URL with its port. */
export function startNode(script: string, env: Record<string, string>, args: string[] = [], timeoutMs = 30_000): Promise<Child> {
  const child = spawn(process.execPath, [...args, join(projectRoot, script)], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const port = /http:\/\/[^:\s]+:(\d+)\//.exec(out)?.[1];
      if (!port) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      child.stderr!.resume();
      resolve({
        child,
        port: Number(port),
        peakRssMb: () => peakRssMb(child.pid!),
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
