import type { ReportDocument, ReportTable } from './report-document';

/** RFC 4180: quote a field holding a comma, quote, CR or LF, doubling inner quotes. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // A cell starting with = + - @ is a formula in spreadsheets (CSV injection): prefix it.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvTable(table: ReportTable): string {
  return [table.columns, ...table.rows].map((row) => row.map(csvField).join(',')).join('\r\n');
}

/** One CSV per report: a section per table, separated by an empty line, each headed by its title. */
export function renderCsv(doc: ReportDocument): Buffer {
  const parts = [[csvField(doc.title)], ...doc.facts.map(([k, v]) => [csvField(k), csvField(v)])].map((r) =>
    r.join(','),
  );
  const sections = doc.tables.map((t) => `${csvField(t.title)}\r\n${csvTable(t)}`);
  return Buffer.from(`${parts.join('\r\n')}\r\n\r\n${sections.join('\r\n\r\n')}\r\n`, 'utf8');
}
