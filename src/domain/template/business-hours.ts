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
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** The local ISO weekday and minute of the day of `at` in `timezone`. */
function localClock(at: Date, timezone: string): { weekday: number; minuteOfDay: number } {
  let weekday = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timezone).formatToParts(at)) {
    if (part.type === 'weekday') weekday = ISO_WEEKDAY[part.value] ?? 0;
    // Some ICU versions print midnight as "24" even in a 23-hour cycle.
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { weekday, minuteOfDay: hour * 60 + minute };
}

/**
 * True when `at` falls inside business hours, evaluated in hours.timezone (IANA, via
 * Intl.DateTimeFormat, so DST and half-hour offsets are the runtime's, not ours). The weekday is the
 * local one: late Monday evening in New York is Monday even though it is Tuesday in UTC.
 * An unknown time zone throws a RangeError; the configuration schema rejects those before they get here.
 */
export function isBusinessTime(params: { at: Date; hours: BusinessHours }): boolean {
  const { weekday, minuteOfDay } = localClock(params.at, params.hours.timezone);
  return (
    params.hours.days.includes(weekday) &&
    minuteOfDay >= params.hours.startMinute &&
    minuteOfDay < params.hours.endMinute
  );
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * When "within N business days" (or "next business day", N = 1) counted from `at` is due: the end of
 * business hours on the Nth working day after the anchor's local day. An incident on Friday with
 * "next business day" and Monday-Friday hours is due Monday at the end of the day.
 */
export function businessDueAt(params: { at: Date; days: number; hours: BusinessHours }): Date {
  const { hours } = params;
  const clock = localClock(params.at, hours.timezone);
  // Step from local noon, so that a daylight-saving change never skips or repeats a local day.
  let probe = params.at.getTime() + (12 * 60 - clock.minuteOfDay) * MINUTE_MS;
  let counted = 0;
  // A year of days is more than any count needs; without working days the calendar days are used.
  for (let step = 0; step < 366 + params.days * 7 && counted < params.days; step += 1) {
    probe += DAY_MS;
    if (hours.days.includes(localClock(new Date(probe), hours.timezone).weekday)) counted += 1;
  }
  if (counted < params.days) return new Date(params.at.getTime() + params.days * DAY_MS);
  const noon = localClock(new Date(probe), hours.timezone).minuteOfDay;
  const end = probe + (hours.endMinute - noon) * MINUTE_MS;
  // A daylight-saving change between noon and the end of the day moves the end by its size.
  const drift = localClock(new Date(end), hours.timezone).minuteOfDay - (hours.endMinute % (24 * 60));
  return new Date(end - (Math.abs(drift) <= 120 ? drift : 0) * MINUTE_MS);
}
