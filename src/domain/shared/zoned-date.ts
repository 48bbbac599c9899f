/**
 * Calendar months and days of an instant in the team's time zone (IANA, via Intl, so DST and
 * half-hour offsets are the runtime's): an incident at 23:30 UTC on 31 January is a February
 * incident for a team in Berlin. Months are "YYYY-MM" strings, which sort chronologically.
 */

// Building an Intl.DateTimeFormat costs far more than formatting with one; the zones are few.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // A fixed locale keeps the digits parseable whatever the host's locale is.
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for a zone this runtime knows ("UTC", "Europe/Berlin"). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** "YYYY-MM-DD" of the instant in the zone. Throws a RangeError for an unknown zone. */
export function dayIn(at: Date, timeZone: string): string {
  let year = '';
  let month = '';
  let day = '';
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year.padStart(4, '0')}-${month}-${day}`;
}

/** "YYYY-MM" of the instant in the zone. */
export function monthIn(at: Date, timeZone: string): string {
  return dayIn(at, timeZone).slice(0, 7);
}

/** Every month from first to last inclusive ("2026-11", "2026-12", "2027-01"); empty if last < first. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let year = Number(first.slice(0, 4));
  let month = Number(first.slice(5, 7));
  for (;;) {
    const key = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    if (key > last) return months;
    months.push(key);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}
