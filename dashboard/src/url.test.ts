import { describe, expect, it } from 'vitest';
import { queryString, safeHttpUrl } from './url.js';

describe('query strings', () => {
  it('keeps defined, non-empty values, encoded', () => {
    expect(queryString({ stage: 'sql', q: 'a&b c', page: 2, sort: '', x: null, y: undefined })).toBe('?stage=sql&q=a%26b+c&page=2');
    expect(queryString({ sort: '', x: null })).toBe('');
  });
});

describe('links from collected data', () => {
  it('only lets http(s) through', () => {
    expect(safeHttpUrl('https://acme.test/a.pdf')).toBe('https://acme.test/a.pdf');
    expect(safeHttpUrl('http://acme.test/')).toBe('http://acme.test/');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl(' JavaScript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(safeHttpUrl('/relative')).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });
});
