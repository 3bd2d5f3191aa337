import { describe, expect, it } from 'vitest';
import { announcedPort, cpuSeconds, peakRssMb, rssMb } from './processes.js';

describe('bench processes', () => {
  it('takes the port the server announces, not a webhook URL printed before it', () => {
    const banner =
      'kindling: webhook endpoint #1 http://127.0.0.1:9/hook: ok\n\nKindling is running\n  dashboard     http://localhost:37933/\n  demo site     http://localhost:37933/demo/';
    expect(announcedPort(banner)).toBe(37933);
    expect(announcedPort('naive peer listening on http://127.0.0.1:4100/')).toBe(4100);
    expect(announcedPort('kindling: webhook endpoint #1 http://127.0.0.1:9/hook')).toBeNull();
  });

  it('reads a process’s memory and CPU time from /proc', () => {
    const rss = rssMb(process.pid)!;
    expect(rss).toBeGreaterThan(10);
    expect(peakRssMb(process.pid)!).toBeGreaterThanOrEqual(rss);
    const before = cpuSeconds(process.pid)!;
    // Burn 200 ms of CPU as Node itself counts it (not wall time: the machine may be busy).
    const start = process.cpuUsage();
    while (process.cpuUsage(start).user + process.cpuUsage(start).system < 200_000);
    expect(cpuSeconds(process.pid)! - before).toBeGreaterThanOrEqual(0.18);
    expect(rssMb(2 ** 30)).toBeNull();
  });
});
