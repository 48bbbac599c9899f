import type { ReportIndex } from '../domain/reports/report-index.js';
import { indexTables } from './report-index-tables.js';

/**
 * The index tables for a terminal (`incident-responder stats`). Report text is untrusted here too:
 * control characters (which could move the cursor or recolour the terminal) become spaces.
 */

const MAX_WIDTH = 48;

function clean(text: string): string {
  const folded = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return folded.length > MAX_WIDTH ? `${folded.slice(0, MAX_WIDTH - 1)}…` : folded || '–';
}

export function renderIndexText(params: { index: ReportIndex; indexPath: string }): string {
  const out: string[] = [];
  for (const table of indexTables(params)) {
    out.push(table.title.toUpperCase());
    if (table.rows.length === 0) {
      out.push(`  ${table.empty}`, '');
      continue;
    }
    const rows = [table.headers.map(clean), ...table.rows.map((row) => row.map((c) => clean(c.text)))];
    const widths = table.headers.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
    for (const row of rows)
      out.push(
        `  ${row
          .map((c, i) => c.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd()}`,
      );
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
