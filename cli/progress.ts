/**
 * A progress bar for long CLI runs, on stderr so stdout stays clean for results. On a terminal it
 * redraws one line (at most every 100 ms); elsewhere (CI logs, pipes) it prints a line per 10%.
 */
export interface Progress {
  update(done: number, detail?: string): void;
  finish(detail?: string): void;
}

export interface ProgressOptions {
  label: string;
  total: number;
  stream?: NodeJS.WriteStream;
  width?: number;
  now?: () => number;
}

export function renderBar(fraction: number, width: number): string {
  const clamped = Math.max(0, Math.min(1, fraction));
  const full = Math.floor(clamped * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}

export function createProgress({ label, total, stream = process.stderr, width = 28, now = Date.now }: ProgressOptions): Progress {
  const tty = Boolean(stream.isTTY);
  const started = now();
  let lastDraw = 0;
  let lastDecile = -1;
  const line = (done: number, detail: string) => {
    const fraction = total > 0 ? done / total : 1;
    const seconds = ((now() - started) / 1000).toFixed(1);
    return `${label} ▕${renderBar(fraction, width)}▏ ${Math.floor(fraction * 100)}% ${detail} · ${seconds}s`;
  };
  return {
    update(done, detail = '') {
      const t = now();
      if (tty) {
        if (t - lastDraw < 100) return;
        lastDraw = t;
        stream.write(`\r${line(done, detail)}\x1b[K`);
        return;
      }
      const decile = Math.floor((total > 0 ? done / total : 1) * 10);
      if (decile === lastDecile) return;
      lastDecile = decile;
      stream.write(`${line(done, detail)}\n`);
    },
    finish(detail = '') {
      stream.write(`${tty ? '\r' : ''}${line(total, detail)}${tty ? '\x1b[K' : ''}\n`);
    },
  };
}
