/**
 * Durations in `.github/incident.yml` (`30m`, `5 minutes`, `2h`, `1h30m`, `14d`, `immediately`), in
 * minutes; null when the text is not a duration. Read by the one duration parser
 * (domain/shared/duration.ts) that templates and commands use too.
 */
import { MAX_DURATION_CHARS, parseDuration } from '../domain/shared/duration.js';

export { parseDuration };

/** A range's separator: `-`, an en dash, or the word `to` between spaces. */
function splitRange(t: string): [string, string] | null {
  for (const sep of ['-', '–']) {
    const at = t.indexOf(sep);
    if (at > 0) return [t.slice(0, at), t.slice(at + 1)];
  }
  const at = t.toLowerCase().indexOf(' to ');
  return at > 0 ? [t.slice(0, at), t.slice(at + 4)] : null;
}

/** `24-48 hours`, `1-2 days`: a range is valid where a deadline is; the lower bound is a bare number. */
export function isDurationOrRange(text: string): boolean {
  if (parseDuration(text) !== null) return true;
  const t = String(text).trim();
  if (t.length > MAX_DURATION_CHARS) return false;
  const parts = splitRange(t);
  if (parts === null) return false;
  const lower = parts[0].trim();
  if (!/^\d+(?:\.\d+)?$/.test(lower)) return false;
  const upper = parts[1].trim();
  const unitAt = upper.search(/[a-z]/i);
  if (unitAt <= 0 || !/^\d+(?:\.\d+)?\s*$/.test(upper.slice(0, unitAt)) || !/^[a-z]+$/i.test(upper.slice(unitAt)))
    return false;
  const max = parseDuration(upper);
  return (
    max !== null &&
    parseDuration(`${lower} ${upper.slice(unitAt)}`) !== null &&
    Number(lower) <= Number(upper.slice(0, unitAt))
  );
}

/** `every 30 min` (a recurring deadline in a `deadlines:` rule) -> its interval in minutes; null when not recurring or not valid. */
export function recurringMinutes(text: string): number | null {
  const t = String(text).trim();
  if (t.length > MAX_DURATION_CHARS || !/^every\s/i.test(t)) return null;
  return parseDuration(t.slice(6));
}
