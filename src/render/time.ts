import { boundedMemo } from '../domain/shared/bounded-memo.js';

/** Times as on-call engineers read them: UTC, minute precision, short relative spans. */

/** The same few times (ticks, due times) are written on every status update: kept, bounded. */
const utcText = boundedMemo({
  limit: 4_096,
  compute: (at: number) => `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
});

export function utc(date: Date): string {
  return utcText(date.getTime());
}

/** 95 -> "1 hr 35 min", 2880 -> "2 days"; rounded down to the minute. */
export function span(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return 'less than a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} day${days === 1 ? '' : 's'}`);
  if (hours > 0) parts.push(`${hours} hr${hours === 1 ? '' : 's'}`);
  if (mins > 0 && days === 0) parts.push(`${mins} min`);
  return parts.join(' ');
}

/**
 * A time in the team's time zone (`display.timezone`) with its offset: "2026-11-23 15:01 UTC+01:00";
 * in UTC exactly as `utc` writes it. People read their own clock; the offset keeps it unambiguous.
 */
const zoned = new Map<string, (at: number) => string>();

function zonedFormatter(timeZone: string): (at: number) => string {
  let format = zoned.get(timeZone);
  if (format) return format;
  let parts: Intl.DateTimeFormat | null;
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
  } catch {
    parts = null; // an unknown zone (the config check refuses it): UTC rather than no times at all
  }
  const formatter = parts;
  format = boundedMemo({
    limit: 4_096,
    compute: (at: number) => {
      if (formatter === null) return utcText(at);
      const p = Object.fromEntries(formatter.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
      const offset = (p.timeZoneName ?? 'GMT').replace('GMT', '').replace(/^[+-]00:00$/, '');
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} UTC${offset}`;
    },
  });
  if (zoned.size >= 64) zoned.clear();
  zoned.set(timeZone, format);
  return format;
}

export function localTime(date: Date, timeZone: string | undefined): string {
  if (timeZone === undefined || timeZone === 'UTC' || timeZone === 'Etc/UTC') return utc(date);
  return zonedFormatter(timeZone)(date.getTime());
}
