/**
 * Durations in `.github/incident.yml` (`30m`, `5 minutes`, `2h`, `1h30m`, `14d`, `immediately`), in
 * minutes; null when the text is not a duration. The same units as the deadline grammar.
 *
 * A hand-written scanner rather than a regular expression: config values are untrusted and a
 * backtracking pattern such as `(\d+(?:\.\d+)?)\s*([a-z]+)` applied with a global search is
 * quadratic on a long run of digits (65,536 digits took 36 s). This reads each character once.
 */

/** Longer than any real duration ("1 hour 30 minutes" is 17): longer texts are not durations. */
export const MAX_DURATION_CHARS = 64;

const UNIT_MINUTES: Readonly<Record<string, number>> = {
  s: 1 / 60, sec: 1 / 60, secs: 1 / 60, second: 1 / 60, seconds: 1 / 60,
  m: 1, min: 1, mins: 1, minute: 1, minutes: 1,
  h: 60, hr: 60, hrs: 60, hour: 60, hours: 60,
  d: 24 * 60, day: 24 * 60, days: 24 * 60,
  w: 7 * 24 * 60, wk: 7 * 24 * 60, wks: 7 * 24 * 60, week: 7 * 24 * 60, weeks: 7 * 24 * 60,
};

const WORD_NUMBERS: Readonly<Record<string, number>> = { a: 1, an: 1, one: 1 };

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

function unitOf(word: string): number | null {
  return Object.hasOwn(UNIT_MINUTES, word) ? (UNIT_MINUTES[word] ?? null) : null;
}

/** `2h`, `1 hour 30 min`, `an hour`, `hour` -> minutes; one pass, null when it is not a duration. */
function scanDuration(t: string): number | null {
  const text = t.toLowerCase();
  let i = 0;
  let total = 0;
  let parts = 0;
  const skipSpace = () => {
    while (i < text.length && isSpace(text[i] ?? '')) i++;
  };
  skipSpace();
  while (i < text.length) {
    let value: number;
    const start = i;
    if (isDigit(text[i] ?? '')) {
      while (i < text.length && isDigit(text[i] ?? '')) i++;
      if (text[i] === '.' && isDigit(text[i + 1] ?? '')) {
        i++;
        while (i < text.length && isDigit(text[i] ?? '')) i++;
      }
      value = Number(text.slice(start, i));
      skipSpace();
    } else {
      while (i < text.length && isLetter(text[i] ?? '')) i++;
      const word = text.slice(start, i);
      if (word === '') return null;
      const unit = unitOf(word);
      // A bare unit ("hour") is one of it, but only as the whole text.
      if (unit !== null && parts === 0 && text.slice(i).trim() === '') return unit;
      if (!Object.hasOwn(WORD_NUMBERS, word)) return null;
      value = WORD_NUMBERS[word] ?? 1;
      skipSpace();
    }
    const unitStart = i;
    while (i < text.length && isLetter(text[i] ?? '')) i++;
    const unit = unitOf(text.slice(unitStart, i));
    if (unit === null) return null;
    total += value * unit;
    parts++;
    skipSpace();
  }
  if (parts === 0 || !Number.isFinite(total)) return null;
  return Math.round(total * 1000) / 1000;
}

export function parseDuration(text: string): number | null {
  const t = String(text).trim();
  if (t.length > MAX_DURATION_CHARS) return null;
  const lower = t.toLowerCase();
  if (lower === 'immediately' || lower === 'now') return 0;
  return scanDuration(t);
}

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
  if (unitAt <= 0 || !/^\d+(?:\.\d+)?\s*$/.test(upper.slice(0, unitAt)) || !/^[a-z]+$/i.test(upper.slice(unitAt))) return false;
  const max = parseDuration(upper);
  return max !== null && parseDuration(`${lower} ${upper.slice(unitAt)}`) !== null && Number(lower) <= Number(upper.slice(0, unitAt));
}

/** `every 30 min` (a recurring deadline in a `deadlines:` rule) -> its interval in minutes; null when not recurring or not valid. */
export function recurringMinutes(text: string): number | null {
  const t = String(text).trim();
  if (t.length > MAX_DURATION_CHARS || !/^every\s/i.test(t)) return null;
  return parseDuration(t.slice(6));
}
