/** The bar and the percentage: `[██████░░░░]  60%`. */
export function bar(ratio: number, width = 30): string {
  const clamped = Math.max(0, Math.min(1, ratio));
  const filled = Math.round(clamped * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.floor(clamped * 100)).padStart(3)}%`;
}

/** A one-line progress bar: `[██████░░░░] 60% 600/1000 leads · 12,000 events · 95,000 events/s`. */
export function progressLine(done: number, total: number, events: number, elapsedMs: number, width = 30): string {
  const rate = elapsedMs > 0 ? Math.round((events / elapsedMs) * 1000) : 0;
  const n = (v: number) => v.toLocaleString('en-US');
  return `${bar(total ? done / total : 1, width)} ${n(done)}/${n(total)} leads · ${n(events)} events · ${n(rate)} events/s`;
}

/** The accounts rebuild's line: the log has no total known ahead, so events read and the rate. */
export function accountsLine(_done: number, _total: number, events: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? Math.round((events / elapsedMs) * 1000) : 0;
  return `accounts: ${events.toLocaleString('en-US')} events of the log read · ${rate.toLocaleString('en-US')} events/s`;
}

/** What a line shows, given progress so far; `progressLine` (leads) unless a tool says otherwise. */
export type LineFormat = (done: number, total: number, events: number, elapsedMs: number) => string;

export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * Redraws in place on a terminal; elsewhere (CI logs, pipes) prints a line at every 10% so the
 * log stays readable.
 */
export function createProgress(out: ProgressOutput, now: () => number = () => performance.now(), format: LineFormat = progressLine) {
  const started = now();
  let lastDecile = -1;
  return {
    update(done: number, total: number, events: number): void {
      const line = format(done, total, events, now() - started);
      if (out.isTTY) {
        out.write(`\r${line}`);
        return;
      }
      const decile = total ? Math.floor((done / total) * 10) : 10;
      if (decile !== lastDecile) {
        lastDecile = decile;
        out.write(`${line}\n`);
      }
    },
    end(): void {
      if (out.isTTY) out.write('\n');
    },
  };
}
export type Progress = ReturnType<typeof createProgress>;
