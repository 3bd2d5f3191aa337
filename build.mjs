// One build for the snippet, the dashboard and the collector (esbuild).
//   node build.mjs                 build everything into dist/
//   node build.mjs --only=snippet  build one target (snippet | dashboard | collector | rescore | backtest | simulate | bench | …),
//                                  or several: --only=bench,collector
import { build } from 'esbuild';
import { mkdirSync, cpSync, existsSync, rmSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { buildSnippet } from './snippet/build.mjs';

const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

/**
 * Worker threads' entries, by the name they are bundled under: an entry that rescores or backtests
 * gets its worker beside it (dist/<dir>/<name>.js), where `collector/worker-script` looks.
 */
const WORKERS = {
  'rescore-worker': 'collector/store/sqlite/rescore-worker.ts',
  'backtest-worker': 'collector/store/sqlite/backtest-worker.ts',
};
const REPLAY_WORKERS = Object.keys(WORKERS);

/**
 * Replaces each built file atomically (write aside, rename): a collector serving dist/dashboard,
 * or a process starting from dist/collector/main.js while another build of it runs (parallel test
 * files each build the collector), never reads half a file. Returns the paths written.
 */
function writeAtomically(outputFiles) {
  const written = new Set();
  for (const file of outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
    written.add(file.path);
  }
  return written;
}

/**
 * The chunks app.js imports statically (code it shares with the lazily loaded pages) are named in
 * index.html as modulepreload links, so the browser fetches them with app.js instead of after it.
 */
function preloadHomeChunks(outdir, metafile) {
  const app = Object.entries(metafile.outputs).find(([path]) => basename(path) === 'app.js')?.[1];
  const page = join(outdir, 'index.html');
  if (!app || !existsSync(page)) return;
  const links = app.imports
    .filter((i) => i.kind === 'import-statement')
    .map((i) => `<link rel="modulepreload" href="${basename(i.path)}" />`)
    .join('\n    ');
  const html = readFileSync(page, 'utf8').replace(/(\s*)(<script type="module" src="app\.js"><\/script>)/, `$1${links}$1$2`);
  writeAtomically([{ path: page, contents: html }]);
}

/** A Node entry point bundled to dist/<out>.js, with the workers it starts; dependencies stay in node_modules. */
const nodeEntry = async (out, entry, { workers = [], more = {} } = {}) =>
  writeAtomically(
    (
      await build({
        entryPoints: { [out]: entry, ...more, ...Object.fromEntries(workers.map((name) => [join(out, '..', name), WORKERS[name]])) },
        outdir: 'dist',
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: ['node20'],
        packages: 'external',
        sourcemap: true,
        logLevel: 'warning',
        write: false,
      })
    ).outputFiles,
  );

/** Each target: how to build it. Keep targets independent so one can be built alone. */
const targets = {
  async snippet() {
    // One minified IIFE, dist/snippet/k.js; options and compile-time flags in snippet/build.mjs.
    await buildSnippet();
  },
  async dashboard() {
    if (!existsSync('dashboard/src/main.ts') && !existsSync('dashboard/src/main.tsx')) return;
    const outdir = resolve('dist/dashboard');
    mkdirSync(outdir, { recursive: true });
    const result = await build({
      entryPoints: [existsSync('dashboard/src/main.tsx') ? 'dashboard/src/main.tsx' : 'dashboard/src/main.ts'],
      outdir,
      entryNames: 'app',
      // The chart library loads only when a lead page opens, keeping the home page's script small.
      splitting: true,
      chunkNames: 'chunk-[hash]',
      bundle: true,
      minify: true,
      format: 'esm',
      // Browsers from 2022 on: class fields stay native (no helper chunk shared by the split bundles).
      target: ['es2022'],
      jsx: 'automatic',
      jsxImportSource: 'preact',
      logLevel: 'warning',
      write: false,
      metafile: true,
    });
    // Chunks from earlier builds are removed once the new ones are in place.
    const written = writeAtomically(result.outputFiles);
    for (const name of readdirSync(outdir)) {
      if (/^chunk-.*\.js$/.test(name) && !written.has(join(outdir, name))) rmSync(join(outdir, name), { force: true });
    }
    if (existsSync('dashboard/public')) cpSync('dashboard/public', outdir, { recursive: true });
    preloadHomeChunks(outdir, result.metafile);
  },
  async collector() {
    // main.js is the launcher alone; serve.js, the collector, is loaded on the thread that runs it.
    await nodeEntry('collector/main', 'collector/main.ts', {
      workers: REPLAY_WORKERS,
      more: { 'collector/serve': 'collector/serve.ts', 'collector/writer-worker': 'collector/writer-worker.ts' },
    });
  },
  /** The open ASN data converted once to MMDB (dist/network/asn.mmdb), skipped while it is up to date. */
  async network() {
    await nodeEntry('network/build-asn', 'collector/network/build-asn-main.ts');
    const { execFileSync } = await import('node:child_process');
    execFileSync(process.execPath, ['dist/network/build-asn.js'], { stdio: 'inherit' });
  },
  /** `npm run rescore`: recompute every lead from the event log under the current rules. */
  async rescore() {
    await nodeEntry('cli/rescore', 'cli/rescore.ts', { workers: ['rescore-worker'] });
  },
  /** `npm run migrate-store -- --from … --to postgres://…`: copy a SQLite database into PostgreSQL. */
  async 'migrate-store'() {
    await nodeEntry('cli/migrate-store', 'cli/migrate-store/main.ts');
  },
  /** `npm run backtest -- --rules proposed.json`: replay the event log under proposed rules (read-only). */
  async backtest() {
    await nodeEntry('cli/backtest', 'cli/backtest.ts', { workers: ['backtest-worker'] });
  },
  /** `npm run review -- --quarter 2026Q3`: the quarterly review as Markdown (read-only). */
  async review() {
    await nodeEntry('cli/review', 'cli/review.ts');
  },
  /** `npm run bench:engine`: ingest, ranking and rescore timings at 100k leads. */
  async 'bench-engine'() {
    await nodeEntry('bench/engine', 'bench/engine.ts', { workers: REPLAY_WORKERS });
  },
  /** `npm run bench:alerts`: POST /e acknowledgement → webhook arrival, p50/p99. */
  async 'bench-alerts'() {
    await nodeEntry('bench/alert-latency', 'bench/alert-latency.ts');
  },
  /** `npm run bench:http`: the collector's HTTP path alone (a writer that resolves at once) beside bare Hono. */
  async 'bench-http'() {
    await nodeEntry('bench/http-path', 'bench/http-path.ts');
    await nodeEntry('bench/http-path-server', 'bench/http-path-server.ts');
    await nodeEntry('bench/bare-server', 'bench/bare-server.ts');
    await nodeEntry('bench/cpu-profile', 'bench/cpu-profile.ts');
  },
  /** `npm run simulate`: realistic traffic for the demo site. */
  async simulate() {
    await nodeEntry('cli/simulate', 'cli/simulate.ts');
  },
  /** `npm run bench`: the benchmark suite, and the bare Hono server it compares ingest with. */
  async bench() {
    await nodeEntry('bench/index', 'bench/index.ts');
    await nodeEntry('bench/bare-server', 'bench/bare-server.ts');
    await nodeEntry('bench/node-http-server', 'bench/node-http-server.ts');
    await nodeEntry('bench/naive-peer', 'bench/naive-peer.ts');
    await nodeEntry('bench/cpu-profile', 'bench/cpu-profile.ts');
  },
};

const names = only ? only.split(',') : Object.keys(targets);
for (const name of names) {
  if (!targets[name]) throw new Error(`unknown build target "${name}" (have: ${Object.keys(targets).join(', ')})`);
  await targets[name]();
}
