import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { demoConfig } from '../collector/config/demo.js';
import { failures, ingestLoad } from './ingest.js';
import { startNode, BENCH_ADMIN_TOKEN, type Child } from './processes.js';
import { trafficMaker } from './traffic.js';

const HELP = `Usage: npm run bench:http -- [--seconds 5] [--rounds 3] [--events 1,20] [--server dist/bench/http-path-server.js ...] [--cpu-prof DIR]

Measurement only: the collector's HTTP path for POST /e (its real app with a writer that resolves at
once, bench/http-path-server.ts) beside bare Hono (bench/bare-server.ts), on the ingest step's traffic
over loopback, targets alternated round by round. Prints the server process's CPU µs per request.
--server names one or more builds of the path server (say a copy built before a change: A/B in one run).
--cpu-prof DIR: every path server writes a V8 CPU profile there (read it with node dist/bench/cpu-profile.js DIR).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '3' },
      events: { type: 'string', default: '1,20' },
      server: { type: 'string', multiple: true },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(HELP);
  const durationMs = Number(values.seconds) * 1000;
  const rounds = Number(values.rounds);
  const servers = values.server ?? ['dist/bench/http-path-server.js'];
  const profile = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : [];
  const dir = mkdtempSync(join(tmpdir(), 'kindling-http-'));
  const configPath = join(dir, 'config.json');
  // The ingest step's configuration: the load comes from one address, so no rate limit.
  writeFileSync(configPath, JSON.stringify({ ...demoConfig, rateLimit: { enabled: false } }));
  const children: [string, Child][] = [];
  const cpu = new Map<string, number[]>();
  console.log(
    `load average at start: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  try {
    children.push(['bare hono', await startNode('dist/bench/bare-server.js', {})]);
    for (const [i, script] of servers.entries()) {
      const env = { KINDLING_DB: join(dir, `path-${i}.db`), KINDLING_CONFIG: configPath, KINDLING_ADMIN_TOKEN: BENCH_ADMIN_TOKEN };
      children.push([script, await startNode(script, env, profile)]);
    }
    let run = 0;
    for (const eventsPerRequest of values.events.split(',').map(Number)) {
      for (let round = 0; round < rounds; round++) {
        for (const [name, child] of children) {
          const body = trafficMaker({ runId: `h${(run++).toString(36)}x`, eventsPerRequest });
          const r = await ingestLoad(child, body, durationMs);
          const bad = failures(r);
          const us = r.cpuUsPerRequest ?? NaN;
          const key = `${name} ×${eventsPerRequest}`;
          cpu.set(key, [...(cpu.get(key) ?? []), us]);
          console.log(
            `${key.padEnd(48)} round ${round + 1}: ${us.toFixed(1).padStart(6)} µs CPU/request, ${Math.round(r.rps)} requests/s, ` +
              `${bad} failures, load ${loadavg()[0]!.toFixed(2)}`,
          );
        }
      }
    }
  } finally {
    for (const [, child] of children) await child.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('\nCPU µs per request, median (min–max) over the rounds:');
  for (const [key, us] of cpu) {
    const sorted = [...us].sort((a, b) => a - b);
    console.log(
      `  ${key.padEnd(48)} ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} (${sorted[0]!.toFixed(1)}–${sorted.at(-1)!.toFixed(1)})`,
    );
  }
  console.log(
    `load average at end: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
