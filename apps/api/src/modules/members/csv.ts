/**
 * One CSV cell (RFC 4180): always quoted, quotes doubled. A value a spreadsheet would run as a formula
 * (starting with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, so an exported name such
 * as "=HYPERLINK(...)" stays text (OWASP CSV injection).
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * The cell separator a spreadsheet expects in a language: French Excel reads a semicolon (the comma is the
 * decimal mark there) and opens a comma-separated file as one column.
 */
export type CsvSeparator = ',' | ';';

/** One CSV line, CRLF-terminated. */
export function csvLine(
  values: readonly (string | number | null | undefined)[],
  separator: CsvSeparator = ',',
): string {
  return `${values.map(csvCell).join(separator)}\r\n`;
}
