import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderReason, span, type ReasonFacts } from './reasons.js';
import { score } from './score.js';
import { rulesFrom, traitsOf } from '../../../test/support/engine.js';

const facts = { count: 3, firstTs: 0, lastTs: 2 * 86_400_000, path: '/pricing', value: null };

describe('reason texts', () => {
  it('fills every placeholder', () => {
    expect(renderReason('visited {path} {count}× in {span}', facts)).toBe('visited /pricing 3× in 2 days');
  });

  it('drops the parentheses of a missing value, and only those', () => {
    expect(renderReason('senior title ({value})', facts)).toBe('senior title');
    expect(renderReason('senior title ({value})', { ...facts, value: 'CTO' })).toBe('senior title (CTO)');
  });

  it.each([
    ['$`', 'VP $` Sales'],
    ['$&', 'VP $& Sales'],
    ["$'", "VP $' Sales"],
    ['$1 and $$', 'VP $1 and $$'],
    ['parentheses', 'Head of Sales () (EMEA)'],
    ['a placeholder', 'CTO {value} {count}'],
  ])('renders a visitor value with %s verbatim', (_what, value) => {
    expect(renderReason('senior title ({value})', { ...facts, value })).toBe(`senior title (${value})`);
    expect(renderReason('read {path}', { ...facts, path: value })).toBe(`read ${value}`);
  });

  it('keeps a hostile title verbatim in the score reasons', () => {
    const title = "VP $` $& $' () (Sales) {value}";
    const s = score(rulesFrom(), [], traitsOf({ email: 'ann@acme.io', title }), 0);
    expect(s.reasons.map((r) => r.text)).toContain(`senior title (${title})`);
  });
});

/** The rendering as it was written first (three replacement passes per call): the parts-joining one must give the same text. */
function renderByReplacing(template: string, facts: ReasonFacts): string {
  const values: Record<string, string> = {
    count: String(facts.count),
    span: span(facts.firstTs, facts.lastTs),
    path: facts.path ?? 'a page',
    value: facts.value ?? '',
  };
  const placeholder = /\{(count|span|path|value)\}/g;
  const shaped = template.replace(placeholder, (match, key: string) => (values[key] === '' ? '' : match)).replace(/\s*\(\s*\)/g, '');
  return shaped.replace(placeholder, (_match, key: string) => values[key]!).trim();
}

describe('reason texts from remembered template parts', () => {
  it('equal the texts of replacing placeholders in the template, for any template and facts', () => {
    const piece = fc.constantFrom('{count}', '{span}', '{path}', '{value}', '{valu}', '{', '}', '(', ')', ' ', '  ', 'x', '$&', '×');
    const text = fc.constantFrom('', ' ', 'CTO', ' VP ', '$&', '$1', '()', '{value}', '/pricing');
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
        fc.record({
          count: fc.integer({ min: 0, max: 99 }),
          firstTs: fc.constant(0),
          lastTs: fc.integer({ min: 0, max: 30 * 86_400_000 }),
          path: fc.option(text),
          value: fc.option(text),
        }),
        (template, facts) => {
          // Twice: the first call shapes the template, the second reads the shape remembered; then the
          // same template with a value and a path empty and not (each a shape of its own).
          expect(renderReason(template, facts)).toBe(renderByReplacing(template, facts));
          expect(renderReason(template, facts)).toBe(renderByReplacing(template, facts));
          for (const value of ['', 'CTO', null])
            for (const path of ['', '/p', null]) {
              const more = { ...facts, value, path };
              expect(renderReason(template, more)).toBe(renderByReplacing(template, more));
            }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
