import { describe, expect, it } from 'vitest';
import { renderReason } from './reasons.js';
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
