import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv.js';

describe('csvCell', () => {
  it('quotes every value and doubles inner quotes', () => {
    expect(csvCell('Dubois')).toBe('"Dubois"');
    expect(csvCell('Le "Chef", adjoint\nSecond line')).toBe('"Le ""Chef"", adjoint\nSecond line"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(42)).toBe('"42"');
  });

  it('neutralises what a spreadsheet would run as a formula', () => {
    for (const formula of ['=1+1', '+33 6 12', '-2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://evil")'])
      expect(csvCell(formula).startsWith(`"'`)).toBe(true);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a=b')).toBe('"a=b"');
  });
});

describe('csvLine', () => {
  it('joins cells with commas and ends with CRLF', () => {
    expect(csvLine(['a', 'b,c', null])).toBe('"a","b,c",""\r\n');
  });
});
