/**
 * THE duration parser: templates (deadline code spans and phrases), `.github/incident.yml` and commands
 * (`/incident snooze 4 1.5h`) all read durations here, with one unit table, so `1.2345h` is 74.07 minutes
 * everywhere. Durations as text (`2h`, `1 hour 30 min`, `an hour`, `hour`, `immediately`) -> minutes, in
 * one pass over the text.
 *
 * A hand-written scanner rather than a regular expression: the texts are untrusted (configs, issue
 * bodies), and a backtracking pattern such as `(\d+(?:\.\d+)?)\s*([a-z]+)` applied with a global
 * search is quadratic on a long run of digits (65,536 digits took 36 s). This reads each character once.
 * The units are the deadline grammar's (docs/templates.md, "Deadlines").
 */

const UNIT_MINUTES: Readonly<Record<string, number>> = {
  s: 1 / 60,
  sec: 1 / 60,
  secs: 1 / 60,
  second: 1 / 60,
  seconds: 1 / 60,
  m: 1,
  min: 1,
  mins: 1,
  minute: 1,
  minutes: 1,
  h: 60,
  hr: 60,
  hrs: 60,
  hour: 60,
  hours: 60,
  d: 24 * 60,
  day: 24 * 60,
  days: 24 * 60,
  w: 7 * 24 * 60,
  wk: 7 * 24 * 60,
  wks: 7 * 24 * 60,
  week: 7 * 24 * 60,
  weeks: 7 * 24 * 60,
};

const WORD_NUMBERS: Readonly<Record<string, number>> = { a: 1, an: 1, one: 1 };

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/** Minutes of one unit word (`h`, `hrs`, `Minutes`, ...); null when not a unit. */
export function unitOf(word: string): number | null {
  const w = word.toLowerCase();
  return Object.hasOwn(UNIT_MINUTES, w) ? (UNIT_MINUTES[w] ?? null) : null;
}

/** Longer than any real duration ("1 hour 30 minutes" is 17): longer texts are not durations. */
export const MAX_DURATION_CHARS = 200;

/**
 * `2h`, `1 hour 30 min`, `1.2345h`, `an hour`, `hour`, `immediately`/`now` (0) -> minutes, rounded to
 * 1/1000; null when the text is not a duration.
 */
export function parseDuration(t: string): number | null {
  const text = String(t).trim().toLowerCase();
  if (text.length > MAX_DURATION_CHARS) return null;
  if (text === 'immediately' || text === 'now') return 0;
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
