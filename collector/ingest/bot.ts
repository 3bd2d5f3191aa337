import { isbot } from 'isbot';
import { memoize } from './memo.js';

/**
 * isbot runs one large regular expression (~2 µs per call); visitors repeat their agent, so its
 * verdict is remembered per user-agent string, like the parsed agent (user-agent.ts).
 */
const BOT_AGENTS_REMEMBERED = 5000;
export const isBotAgent: (userAgent: string) => boolean = memoize(isbot, BOT_AGENTS_REMEMBERED);

/** Hints browsers send when they load a page before anyone looks at it. */
const PREFETCH = /prefetch|prerender/i;

/**
 * Requests that are not a person in a browser: isbot's patterns (crawlers, HeadlessChrome,
 * monitoring tools, HTTP libraries) plus signals isbot cannot see — no or absurd user agent,
 * and the prefetch / prerender hints browsers send when no one is looking yet. Each header is
 * read once: every read is a lookup in the request's headers, and this runs on every event batch.
 */
export function isBotRequest(header: (name: string) => string | undefined): boolean {
  const userAgent = header('user-agent');
  if (!userAgent || userAgent.length < 10 || userAgent.length > 1000 || isBotAgent(userAgent)) return true;
  return PREFETCH.test(header('purpose') ?? header('sec-purpose') ?? header('x-moz') ?? '');
}
