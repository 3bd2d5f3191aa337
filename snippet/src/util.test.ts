// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { cut, guard, on } from './util.js';

describe('util', () => {
  it('guard swallows our errors so the host page never sees them', () => {
    const fn = vi.fn((_a: number, _b: number) => {
      throw new Error('ours');
    });
    expect(() => guard(fn)(1, 2)).not.toThrow();
    expect(fn).toHaveBeenCalledWith(1, 2);
  });

  it('on() adds a guarded listener', () => {
    const seen: string[] = [];
    on(document, 'x-test', (e: Event) => {
      seen.push(e.type);
      throw new Error('ours');
    });
    const errors = vi.fn();
    window.addEventListener('error', errors);
    document.dispatchEvent(new Event('x-test'));
    expect(seen).toEqual(['x-test']);
    expect(errors).not.toHaveBeenCalled();
  });

  it('cut caps strings (2048 by default, the wire format URL cap)', () => {
    expect(cut('x'.repeat(3000))).toHaveLength(2048);
    expect(cut('abcdef', 3)).toBe('abc');
    expect(cut(42, 10)).toBe('42');
  });
});
