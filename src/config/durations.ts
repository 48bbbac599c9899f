import { parseDurationText } from '../domain/deadlines.js';

/**
 * Durations in `.github/incident.yml` (`30m`, `5 minutes`, `2h`, `1h30m`, `14d`, `immediately`), in
 * minutes; null when the text is not a duration. The same units as the deadline grammar.
 */
export function parseDuration(text: string): number | null {
  const t = String(text).trim();
  if (/^(?:immediately|now)$/i.test(t)) return 0;
  return parseDurationText(t);
}

/** `24-48 hours`, `1-2 days`: a range is valid where a deadline is. */
export function isDurationOrRange(text: string): boolean {
  if (parseDuration(text) !== null) return true;
  const m = /^(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(String(text).trim());
  return m !== null && parseDuration(`${m[2]} ${m[3]}`) !== null && Number(m[1]) <= Number(m[2]);
}
