import { describe, expect, it } from 'vitest';
import { memoize } from './memo.js';
import { parsePageUrl, referrerHost } from './url.js';
import { createPageClassifier } from './page-class.js';
import { isbot } from 'isbot';
import { isBotAgent } from './bot.js';

describe('memoize', () => {
  it('computes each input once while it is remembered, null and undefined results included', () => {
    const calls: string[] = [];
    const f = memoize((s: string) => (calls.push(s), s === 'none' ? null : s === 'void' ? undefined : s.length), 10);
    expect([f('abc'), f('abc'), f('none'), f('none'), f('void'), f('void')]).toEqual([3, 3, null, null, undefined, undefined]);
    expect(calls).toEqual(['abc', 'none', 'void']);
  });

  it('holds at most maxEntries, forgetting the oldest first', () => {
    const calls: string[] = [];
    const f = memoize((s: string) => (calls.push(s), s.toUpperCase()), 2);
    f('a');
    f('b');
    f('c'); // evicts a
    f('b');
    f('a'); // computed again, evicts b
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('memoized parsers share frozen results', () => {
  it('parsePageUrl: same answer for a repeated URL, and nobody can change it for the next caller', () => {
    const url = 'https://acme.io/pricing?utm_source=li&utm_campaign=q4';
    const first = parsePageUrl(url)!;
    expect(parsePageUrl(url)).toBe(first);
    expect(first.utm).toEqual({ source: 'li', medium: null, campaign: 'q4', term: null, content: null });
    expect(Object.isFrozen(first) && Object.isFrozen(first.utm)).toBe(true);
    expect(() => ((first.utm as { source: string | null }).source = 'x')).toThrow(TypeError);
    expect(parsePageUrl('https://acme.io/pricing?ref=utm')!.utm.source).toBeNull();
    expect(parsePageUrl('https://acme.io/a?x=1&utm_medium=cpc')!.utm.medium).toBe('cpc');
    expect(parsePageUrl('javascript:alert(1)')).toBeNull();
  });

  it('referrerHost and the page classifier answer repeated inputs the same', () => {
    expect([referrerHost('https://www.Google.com/x'), referrerHost('https://www.Google.com/x')]).toEqual(['google.com', 'google.com']);
    expect(referrerHost('not a url')).toBeNull();
    const classify = createPageClassifier({ pricing: ['/pricing'], docs: ['/docs/**'] });
    expect([classify('/pricing/'), classify('/pricing/'), classify('/docs/a/b'), classify('/blog'), classify('/blog')]).toEqual([
      'pricing',
      'pricing',
      'docs',
      null,
      null,
    ]);
  });

  it('isBotAgent gives the verdict of isbot for each agent, however the agents alternate and repeat', () => {
    const agents = [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36',
      'curl/8.5.0',
      'python-requests/2.31.0',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
    ];
    // Repeats in a shifting order: a cache keyed wrongly would hand one agent another's verdict (eviction: memoize's own test).
    const sequence = Array.from({ length: 200 }, (_, i) => agents[(i * 5 + (i >> 3)) % agents.length]!);
    const verdicts = sequence.map((ua) => isBotAgent(ua));
    expect(verdicts).toEqual(sequence.map((ua) => isbot(ua)));
    expect(new Set(verdicts)).toEqual(new Set([true, false]));
  });
});
