import { UAParser } from 'ua-parser-js';

export interface ParsedUserAgent {
  browser: string | null;
  os: string | null;
  device: string;
}

/** Parsing is the costliest step of enrichment and visitors repeat their agent: keep a bounded cache. */
const cache = new Map<string, ParsedUserAgent>();
const CACHE_MAX = 5000;

export function parseUserAgent(ua: string): ParsedUserAgent {
  const hit = cache.get(ua);
  if (hit) return hit;
  const r = new UAParser(ua).getResult();
  const parsed: ParsedUserAgent = {
    browser: r.browser.name ?? null,
    os: r.os.name ?? null,
    // ua-parser leaves desktop browsers without a device type.
    device: r.device.type ?? 'desktop',
  };
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(ua, parsed);
  return parsed;
}
