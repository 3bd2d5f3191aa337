import { isbot } from 'isbot';

/**
 * Requests that are not a person in a browser: isbot's patterns (crawlers, HeadlessChrome,
 * monitoring tools, HTTP libraries) plus signals isbot cannot see — no or absurd user agent,
 * and the prefetch / prerender hints browsers send when no one is looking yet.
 */
const BOT_SIGNALS: readonly ((h: (name: string) => string | undefined) => boolean)[] = [
  (h) => !h('user-agent') || h('user-agent')!.length < 10 || h('user-agent')!.length > 1000,
  (h) => isbot(h('user-agent') ?? ''),
  (h) => /prefetch|prerender/i.test(h('purpose') ?? h('sec-purpose') ?? h('x-moz') ?? ''),
];

export function isBotRequest(header: (name: string) => string | undefined): boolean {
  return BOT_SIGNALS.some((signal) => signal(header));
}
