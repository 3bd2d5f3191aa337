/**
 * A progress bar on stderr (stdout stays clean for the report). On a terminal it redraws one line
 * at most every 100 ms; in a pipe or CI log it prints a line per 10 %.
 */
export interface ProgressBar {
  update(done: number, total: number, detail?: string): void;
  finish(detail?: string): void;
}

export function bar(fraction: number, width: number): string {
  const full = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}

export function createProgressBar(label: string, stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now, width = 30): ProgressBar {
  const tty = Boolean(stream.isTTY);
  let last = { at: 0, decile: -1, done: 0, total: 0 };
  const line = (done: number, total: number, detail: string) => {
    const fraction = total > 0 ? done / total : 1;
    return `${label} ${bar(fraction, width)} ${String(Math.floor(fraction * 100)).padStart(3)}% ${done}/${total}${detail ? ` ${detail}` : ''}`;
  };
  return {
    update(done, total, detail = '') {
      last = { ...last, done, total };
      const t = now();
      const decile = Math.floor((total > 0 ? done / total : 1) * 10);
      // In a log, the last line is finish()'s.
      if (tty ? t - last.at < 100 : decile === last.decile || done >= total) return;
      last = { at: t, decile, done, total };
      stream.write(tty ? `\r${line(done, total, detail)}\x1b[K` : `${line(done, total, detail)}\n`);
    },
    finish(detail = '') {
      stream.write(`${tty ? '\r' : ''}${line(last.total, last.total, detail)}${tty ? '\x1b[K' : ''}\n`);
    },
  };
}
