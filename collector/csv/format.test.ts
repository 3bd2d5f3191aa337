import { describe, expect, it } from 'vitest';
import { csvCell, csvHeader, csvRows, type CsvColumn } from './format.js';

describe('CSV cells (RFC 4180, formula injection neutralised)', () => {
  it.each([
    ['plain text', 'Acme', 'Acme'],
    ['a comma', 'Acme, Inc.', '"Acme, Inc."'],
    ['a quote', 'the "best"', '"the ""best"""'],
    ['a line break', 'two\nlines', '"two\nlines"'],
    ['a CRLF', 'two\r\nlines', '"two\r\nlines"'],
    ['UTF-8 text', 'Zoë Ångström 株式会社', 'Zoë Ångström 株式会社'],
    ['a formula', '=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ['a plus', '+1 555', "'+1 555"],
    ['a minus', '-2+3', "'-2+3"],
    ['an at', '@SUM(A1)', "'@SUM(A1)"],
    ['a leading tab', '\t=1', "'\t=1"],
    ['a formula after a space (not run)', ' =1', ' =1'],
    ['a negative number we wrote', -5, '-5'],
    ['a fraction', 0.125, '0.125'],
    ['null', null, ''],
    ['undefined', undefined, ''],
    ['NaN', Number.NaN, ''],
    ['a flag', true, 'true'],
  ])('%s', (_name, value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('writes a header and records ended by CRLF', () => {
    const columns: CsvColumn<{ a: string; b: number | null }>[] = [
      ['name', (r) => r.a],
      ['score', (r) => r.b],
    ];
    expect(
      csvHeader(columns) +
        csvRows(columns, [
          { a: 'x,y', b: 1.5 },
          { a: '@x', b: null },
        ]),
    ).toBe('name,score\r\n"x,y",1.5\r\n\'@x,\r\n');
  });
});
