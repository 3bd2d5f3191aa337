/**
 * Token bucket per key (site + IP): `ratePerSecond` tokens refill continuously up to `burst`.
 * Buckets idle long enough to be full again are forgotten, so memory tracks active clients only.
 */
export interface RateLimiter {
  /** null when allowed, else the seconds to wait before a token is free. */
  take(key: string, now: number): number | null;
  readonly size: number;
}

export function createRateLimiter({
  ratePerSecond,
  burst,
  maxKeys = 100_000,
}: {
  ratePerSecond: number;
  burst: number;
  maxKeys?: number;
}): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const fullAfterMs = (burst / ratePerSecond) * 1000;

  function prune(now: number): void {
    for (const [key, b] of buckets) if (now - b.at >= fullAfterMs) buckets.delete(key);
  }

  return {
    get size() {
      return buckets.size;
    },
    take(key, now) {
      let b = buckets.get(key);
      if (!b) {
        if (buckets.size >= maxKeys) prune(now);
        b = { tokens: burst, at: now };
        buckets.set(key, b);
      } else {
        b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * ratePerSecond);
        b.at = now;
      }
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return null;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / ratePerSecond));
    },
  };
}
