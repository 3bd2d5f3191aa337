import { describe, expect, it } from 'vitest';
import { scoringSchema } from './engine/config.js';
import { compileRules, type ScoringEvent } from './engine/rules/compile.js';
import { createPageClassifier } from './ingest/page-class.js';
import { pathGlob, textGlob } from './glob.js';

/** [pattern, path, matches]: the edge cases of the one dialect, for page classes and scoring rules alike. */
const PATH_CASES: [string, string, boolean][] = [
  // `**` at the start: any folders, none included.
  ['/**/pricing', '/pricing', true],
  ['/**/pricing', '/en/pricing', true],
  ['/**/pricing', '/en/us/pricing', true],
  ['/**/pricing', '/en/pricing-old', false],
  ['**/pricing', '/pricing', true],
  ['**/pricing', '/de/pricing', true],
  ['**/pricing', '/repricing', false],
  // `**` in the middle.
  ['/docs/**/setup', '/docs/setup', true],
  ['/docs/**/setup', '/docs/a/b/setup', true],
  ['/docs/**/setup', '/docs/asetup', false],
  // `**` at the end: the folder itself and everything in it.
  ['/docs/**', '/docs', true],
  ['/docs/**', '/docs/', true],
  ['/docs/**', '/docs/a/b', true],
  ['/docs/**', '/docsify', false],
  ['/**', '/', true],
  ['/**', '/anything/at/all', true],
  // `**` inside a segment crosses segments.
  ['/blog**', '/blog-2024/post', true],
  // `*` within one segment.
  ['/docs/*', '/docs/setup', true],
  ['/docs/*', '/docs/a/b', false],
  ['/docs/*', '/docs', false],
  ['/*/pricing', '/en/pricing', true],
  ['/*/pricing', '/pricing', false],
  ['/*/pricing', '/en/us/pricing', false],
  ['/pricing*', '/pricing-enterprise', true],
  ['/pricing*', '/pricing/enterprise', false],
  ['/case-*-study', '/case-acme-study', true],
  // A trailing slash is ignored on both sides.
  ['/pricing', '/pricing/', true],
  ['/pricing/', '/pricing', true],
  ['/pricing', '/pricing//', true],
  ['/', '/', true],
  // Query strings and hashes are not part of the path.
  ['/pricing', '/pricing?plan=team', true],
  ['/pricing', '/pricing#faq', true],
  ['/pricing', '/pricing/?utm_source=x', true],
  ['/pricing?plan=team', '/pricing', true],
  // Everything but `*` is literal.
  ['/a.b', '/axb', false],
  ['/a.b', '/a.b', true],
  ['/a+b', '/aab', false],
  ['/[x]', '/[x]', true],
  ['/(a|b)', '/a', false],
  // Case is ignored.
  ['/Pricing', '/pricing', true],
  ['/pricing', '/PRICING/', true],
];

const rules = (pattern: string) =>
  compileRules(
    scoringSchema.parse({
      engagementRules: [{ id: 'path', label: 'path', points: 1, text: 'visited', match: { types: ['pageview'], paths: [pattern] } }],
      fitRules: [],
    }),
  );
const pageview = (path: string): ScoringEvent => ({ seq: 1, type: 'pageview', name: null, ts: 0, path, pageClass: null, props: {} });

describe('one glob dialect for page classes and scoring rules', () => {
  it.each(PATH_CASES)('%s on %s → %s', (pattern, path, expected) => {
    expect(pathGlob([pattern])(path)).toBe(expected);
    expect(createPageClassifier({ page: [pattern] })(path)).toBe(expected ? 'page' : null);
    expect(rules(pattern).engagement[0]!.matches(pageview(path))).toBe(expected);
  });

  it('matches ids, names and links as they are: no path normalization', () => {
    expect(textGlob(['*demo*'])('book-demo')).toBe(true);
    expect(textGlob(['*demo*'])('Book-DEMO-form')).toBe(true);
    expect(textGlob(['*.pdf'])('whitepaper.pdf')).toBe(true);
    expect(textGlob(['*.pdf'])('whitepaper.pdf?download=1')).toBe(false);
    expect(textGlob(['webinar?'])('webinar?')).toBe(true);
    expect(textGlob(['webinar?'])('webinars')).toBe(false);
    expect(textGlob(['signup/'])('signup')).toBe(false);
    expect(textGlob(['*'])(null)).toBe(false);
  });

  it('takes the first matching page class in config order', () => {
    const classify = createPageClassifier({ pricing: ['/pricing'], docs: ['/docs/**'], all: ['/**'] });
    expect(classify('/pricing/')).toBe('pricing');
    expect(classify('/docs/x/y')).toBe('docs');
    expect(classify('/careers')).toBe('all');
    expect(createPageClassifier({})('/x')).toBeNull();
  });
});
