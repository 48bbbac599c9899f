import type { ParsedReportLike, ParsedReportStore } from '../domain/reports/parsed-report.js';

/**
 * Parsed reports by blob id, least recently used dropped first. A blob never changes, so an entry is
 * never stale: an unchanged index costs a tree read and a compare, and each merged report one blob read.
 * The default holds four reports repositories at the index's read limit (500 reports each).
 */
export class ParsedReportCache implements ParsedReportStore {
  private readonly entries = new Map<string, ParsedReportLike>();

  constructor(private readonly limit = 2_000) {}

  get(key: string): ParsedReportLike | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Refreshed as most recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: ParsedReportLike): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
