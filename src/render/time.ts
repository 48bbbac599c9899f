import { boundedMemo } from '../domain/bounded-memo.js';

/** Times as on-call engineers read them: UTC, minute precision, short relative spans. */

/** The same few times (ticks, due times) are written on every status update: kept, bounded. */
const utcText = boundedMemo({ limit: 4_096, compute: (at: number) => `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC` });

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
