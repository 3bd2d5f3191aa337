/** A one-line progress bar: `[██████░░░░] 60% 600/1000 leads · 12,000 events · 95,000 events/s`. */
export function progressLine(done: number, total: number, events: number, elapsedMs: number, width = 30): string {
  const ratio = total ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  const rate = elapsedMs > 0 ? Math.round((events / elapsedMs) * 1000) : 0;
  const n = (v: number) => v.toLocaleString('en-US');
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${n(done)}/${n(total)} leads · ${n(events)} events · ${n(rate)} events/s`;
}

export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * Redraws in place on a terminal; elsewhere (CI logs, pipes) prints a line at every 10% so the
 * log stays readable.
 */
export function createProgress(out: ProgressOutput, now: () => number = () => performance.now()) {
  const started = now();
  let lastDecile = -1;
  return {
    update(done: number, total: number, events: number): void {
      const line = progressLine(done, total, events, now() - started);
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
