/** A report laid out for people: a title, facts, tables and at most one chart. Holds no patient data. */
export interface ReportTable {
  title: string;
  columns: string[];
  rows: (string | number | null)[][];
}

export interface ReportChart {
  title: string;
  /** 'bar' for counts by category, 'line' for a value over time (the PHQ-9 timeline). */
  kind: 'bar' | 'line';
  labels: string[];
  /** One series per line/bar colour; null values are gaps (suppressed or no data). */
  series: { name: string; values: (number | null)[] }[];
  yLabel: string;
}

export interface ReportDocument {
  title: string;
  subtitle: string;
  facts: [string, string][];
  tables: ReportTable[];
  chart: ReportChart | null;
  notes: string[];
}
