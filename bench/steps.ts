import { loadavg } from 'node:os';

/** How one step went: its time, the machine's load around it, and its error if it failed. */
export interface StepReport {
  name: string;
  ok: boolean;
  seconds: number;
  /** 1-minute load average when the step started and when it ended. */
  loadAverage: { start: number; end: number };
  error?: string;
}

export interface Step<R> {
  name: string;
  /** Longer than this and the step is reported as failed; the suite goes on. */
  timeoutMs: number;
  run(): Promise<R>;
  /** Keeps the step's result (in the results object). */
  keep(result: R): void;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function withTimeout<R>(promise: Promise<R>, ms: number, name: string): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs the steps one after another. A step that throws or times out is reported with its error
 * and the next step still runs: one broken measurement must not lose the others.
 */
export async function runSteps(steps: Step<any>[], log: (line: string) => void): Promise<StepReport[]> {
  const reports: StepReport[] = [];
  for (const step of steps) {
    const started = Date.now();
    const startLoad = loadavg()[0]!;
    let error: string | undefined;
    try {
      step.keep(await withTimeout(step.run(), step.timeoutMs, step.name));
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      log(`${step.name}: FAILED: ${error}`);
    }
    reports.push({
      name: step.name,
      ok: error === undefined,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      loadAverage: { start: round2(startLoad), end: round2(loadavg()[0]!) },
      ...(error === undefined ? {} : { error }),
    });
  }
  return reports;
}

/** Runs `measure` `rounds` times, one after another, and returns every round. */
export async function inRounds<R>(rounds: number, measure: (round: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let round = 0; round < rounds; round++) out.push(await measure(round));
  return out;
}
