/**
 * Times typed by people into an incident ("Impact start: 2026-11-23 13:40 UTC"). Only unambiguous
 * forms are accepted: a date, a 24-hour time, and UTC, `Z` or an explicit offset (no offset = UTC,
 * which the templates ask for). Anything else is null, never a guess: a wrong impact start would move
 * every deadline.
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;

export function parseTimestamp(text: string): Date | null {
  const m = TIMESTAMP.exec(text.replace(/[*_`]/g, '').trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, zone] = m;
  let offsetMinutes = 0;
  if (zone && /^[+-]/.test(zone)) {
    const digits = zone.replace(':', '');
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)) - offsetMinutes * 60_000;
  const date = new Date(ms);
  // Reject dates that rolled over (2026-02-31) or out-of-range hours.
  if (Number.isNaN(ms) || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null;
  const check = new Date(ms + offsetMinutes * 60_000);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return null;
  return date;
}

const IMPACT_START_FIELD = /^(?:impact\s+(?:start(?:ed)?|began)|when did (?:the )?impact start\??|start(?:ed)?(?:\s+at)?|impact start time)$/i;

/** The impact start from the body's fields, if one is given and parses. */
export function impactStartOf(fields: Readonly<Record<string, string>>): Date | null {
  for (const [label, value] of Object.entries(fields)) {
    if (IMPACT_START_FIELD.test(label.trim())) {
      const parsed = parseTimestamp(value);
      if (parsed) return parsed;
    }
  }
  return null;
}
