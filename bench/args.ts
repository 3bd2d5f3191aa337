import { isAbsolute, join } from 'node:path';
import { parseArgs } from 'node:util';

/** Every step, in the order they run. */
export const STEPS = [
  'snippet',
  'network',
  'ingest',
  'late',
  'rss',
  'writer',
  'alerts',
  'rescore',
  'api',
  'dashboard',
  'fleet',
  'store',
] as const;
export type StepName = (typeof STEPS)[number];

export interface BenchArgs {
  quick: boolean;
  only: StepName[];
  /** Where the results go, or null: a quick or partial run is printed, not written, unless --out says where. */
  out: string | null;
  rounds: number;
  /** Share of visitors who identify themselves (a form with an email), 0..1. */
  identifyShare: number;
  /** Where each collector started writes its CPU profile (node --cpu-prof), or null. */
  cpuProf: string | null;
  help: boolean;
}

export const COMMITTED_RESULTS = join('bench', 'results.json');

/**
 * `npm run bench -- [--quick] [--only a,b] [--out PATH] [--rounds N] [--identify-share 0.2] [--cpu-prof DIR]`.
 * bench/results.json is written only by a full run of every step (one run, never spliced), so a
 * try-out with --quick or --only never replaces the committed numbers.
 */
export function parseBenchArgs(argv: string[], cwd: string): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string' },
      rounds: { type: 'string', default: '3' },
      'identify-share': { type: 'string', default: '0.2' },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const only = values.only
    ? values.only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [...STEPS];
  const unknown = only.filter((s) => !(STEPS as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`unknown step(s) ${unknown.join(', ')}: the steps are ${STEPS.join(', ')}`);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10)
    throw new Error(`--rounds must be an integer from 1 to 10, not "${values.rounds}"`);
  const identifyShare = Number(values['identify-share']);
  if (!(identifyShare >= 0 && identifyShare <= 1))
    throw new Error(`--identify-share must be between 0 and 1, not "${values['identify-share']}"`);
  const absolute = (path: string) => (isAbsolute(path) ? path : join(cwd, path));
  // A profiled collector is slower: its numbers are no run to commit.
  const full = !values.quick && only.length === STEPS.length && !values['cpu-prof'];
  const out = values.out ? absolute(values.out) : full ? join(cwd, COMMITTED_RESULTS) : null;
  const cpuProf = values['cpu-prof'] ? absolute(values['cpu-prof']) : null;
  return { quick: values.quick, only: STEPS.filter((s) => only.includes(s)), out, rounds, identifyShare, cpuProf, help: values.help };
}
