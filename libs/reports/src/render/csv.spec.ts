import { describe, expect, it } from '@jest/globals';
import { csvField, renderCsv } from './csv';

describe('CSV (RFC 4180)', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [null, ''],
    [-3.5, '-3.5'],
    [0, '0'],
    // Spreadsheet formulas are defused (CSV injection).
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
  ])('%j → %s', (value, expected) => expect(csvField(value)).toBe(expected));

  it('a section per table with its title, CRLF line ends', () => {
    const csv = renderCsv({
      title: 'T',
      subtitle: 's',
      facts: [['k', 'v, w']],
      tables: [{ title: 'Tab', columns: ['a', 'b'], rows: [[1, null]] }],
      chart: null,
      notes: [],
    }).toString('utf8');
    expect(csv).toBe('T\r\nk,"v, w"\r\n\r\nTab\r\na,b\r\n1,\r\n');
  });
});
