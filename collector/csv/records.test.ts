import { describe, expect, it } from 'vitest';
import { csvRecords, CsvSyntaxError } from './records.js';
import { csvRecord } from './format.js';

describe('reading CSV records', () => {
  it('splits fields and records, CRLF or LF, with the line each record starts on', () => {
    expect(csvRecords('a,b\r\n1,2\n\n3,\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', ''] },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, and drops a byte-order mark', () => {
    expect(csvRecords('\uFEFFname,note\r\n"Acme, Inc.","say ""hi""\nthere"\r\nx,y')).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Acme, Inc.', 'say "hi"\nthere'] },
      { line: 4, fields: ['x', 'y'] },
    ]);
  });

  it('reads back what the CSV writer writes', () => {
    const values = ['plain', 'a,b', 'quote "q"', 'two\r\nlines', ''];
    expect(csvRecords(csvRecord(values))).toEqual([{ line: 1, fields: values }]);
  });

  it.each([
    ['an unclosed quote', 'a,b\n"open,1', 2],
    ['a stray quote', 'a,b\nx"y,1', 2],
    ['text after a closing quote', 'a\n"q"x', 2],
  ])('refuses %s, naming the line', (_name, text, line) => {
    expect(() => csvRecords(text)).toThrow(CsvSyntaxError);
    try {
      csvRecords(text);
    } catch (err) {
      expect((err as CsvSyntaxError).line).toBe(line);
    }
  });
});
