import { describe, expect, it } from 'vitest';
import { traitKey } from './traits.js';

describe('trait keys from form field names', () => {
  it('are normalised and aliased, asked once or many times, past the bound on names remembered', () => {
    const cases: [string, string | null][] = [
      ['Job Title', 'title'],
      ['companyName', 'company'],
      ['companyname', 'companyname'],
      ['  Team Size ', 'company_size'],
      ['E-Mail', null],
      ['42nd', null],
      ['Favourite Colour', 'favourite_colour'],
    ];
    for (let round = 0; round < 2; round++) for (const [field, key] of cases) expect(traitKey(field)).toBe(key);
    for (let i = 0; i < 1500; i++) expect(traitKey(`Field ${i}`)).toBe(`field_${i}`);
    for (const [field, key] of cases) expect(traitKey(field)).toBe(key);
    expect(traitKey('Field 7')).toBe('field_7');
  });
});
