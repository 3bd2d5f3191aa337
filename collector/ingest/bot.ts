import { isbot } from 'isbot';
import { memoize } from './memo.js';

/**
 * isbot runs one large regular expression (~2 µs per call); visitors repeat their agent, so its
 * verdict is remembered per user-agent string, like the parsed agent (user-agent.ts).
 */
const BOT_AGENTS_REMEMBERED = 5000;
export const isBotAgent: (userAgent: string) => boolean = memoize(isbot, BOT_AGENTS_REMEMBERED);

/**
 * Requests that are not a person in a browser: isbot's patterns (crawlers, HeadlessChrome,
 * monitoring tools, HTTP libraries) plus signals isbot cannot see — no or absurd user agent,
 * and the prefetch / prerender hints browsers send when no one is looking yet.
 */
const BOT_SIGNALS: readonly ((h: (name: string) => string | undefined) => boolean)[] = [
  (h) => !h('user-agent') || h('user-agent')!.length < 10 || h('user-agent')!.length > 1000,
  (h) => isBotAgent(h('user-agent') ?? ''),
  (h) => /prefetch|prerender/i.test(h('purpose') ?? h('sec-purpose') ?? h('x-moz') ?? ''),
];

export function isBotRequest(header: (name: string) => string | undefined): boolean {
  return BOT_SIGNALS.some((signal) => signal(header));
}
