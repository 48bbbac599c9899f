import type { BusinessHours } from './types.js';

// Keyed by the `en-US` short names the formatter below emits; ISO numbering, like BusinessHours.days.
const ISO_WEEKDAY: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

// Building an Intl.DateTimeFormat costs far more than formatting with one, and this runs per step per
// event; the number of time zones is bounded by the configurations the app has seen.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (formatter === undefined) {
    // A fixed locale keeps the weekday names and digits parseable whatever the host's locale is.
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/**
 * True when `at` falls inside business hours, evaluated in hours.timezone (IANA, via
 * Intl.DateTimeFormat, so DST and half-hour offsets are the runtime's, not ours). The weekday is the
 * local one: late Monday evening in New York is Monday even though it is Tuesday in UTC.
 * An unknown time zone throws a RangeError; the configuration schema rejects those before they get here.
 */
export function isBusinessTime(params: { at: Date; hours: BusinessHours }): boolean {
  const { at, hours } = params;
  let weekday = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(hours.timezone).formatToParts(at)) {
    if (part.type === 'weekday') weekday = ISO_WEEKDAY[part.value] ?? 0;
    // Some ICU versions print midnight as "24" even in a 23-hour cycle.
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  const minuteOfDay = hour * 60 + minute;
  return hours.days.includes(weekday) && minuteOfDay >= hours.startMinute && minuteOfDay < hours.endMinute;
}
