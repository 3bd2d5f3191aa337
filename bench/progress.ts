/**
 * Progress for a long loop, one line per tenth (or `steps`-th) of the work, so a bench that takes
 * a minute says what it is doing instead of staying silent.
 */
export function progressReporter(
  label: string,
  total: number,
  write: (line: string) => void,
  steps = 10,
  now = Date.now,
): (done: number) => void {
  const started = now();
  let next = 1;
  return (done) => {
    if (total <= 0) return;
    const reached = Math.floor((Math.min(done, total) / total) * steps);
    if (reached < next) return;
    next = reached + 1;
    write(
      `${label}: ${Math.round((reached / steps) * 100)}% (${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}, ${((now() - started) / 1000).toFixed(1)} s)`,
    );
  };
}
