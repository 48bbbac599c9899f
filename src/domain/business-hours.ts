import type { BusinessHours } from './types.js';

const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

// Intl formatters are costly to build and this runs per step per event: one per time zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** True when `at` falls inside business hours in their time zone (DST included, via Intl). */
export function isBusinessTime(params: { at: Date; hours: BusinessHours }): boolean {
  const parts = formatterFor(params.hours.timezone).formatToParts(params.at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = WEEKDAY[get('weekday')] ?? 0;
  const minute = Number(get('hour')) * 60 + Number(get('minute'));
  return params.hours.days.includes(weekday) && minute >= params.hours.startMinute && minute < params.hours.endMinute;
}
