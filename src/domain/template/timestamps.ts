import { foldText, isPhrase } from './languages/phrases.js';
import type { Vocabulary } from './languages/vocabulary.js';
import { stripHtmlComments } from './markdown.js';
import { trimChars } from '../shared/trim.js';

/**
 * Times typed by people into an incident ("Impact start: 2026-11-23 13:40 UTC"). Only unambiguous
 * forms are accepted: a date, a 24-hour time, and a zone the time is in: nothing (UTC, which the
 * templates ask for), `Z`, `UTC`/`GMT`, an offset (`+01:00`, `-0530`, `UTC+1`), an IANA name
 * (`Europe/Berlin`), or an abbreviation that names one offset (`CET`, `PDT`; `ET`/`PT`/`CT`/`MT` follow
 * their region's daylight saving). Ambiguous abbreviations (`IST`, `CST`) and anything else are null,
 * never a guess: a wrong impact start would move every deadline.
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d{1,9})?(.{0,60})$/;
const OFFSET = /^(?:UTC|GMT)?\s?([+-])(\d{1,2})(?::?(\d{2}))?$/i;
const IANA_NAME = /^[A-Z][A-Z_-]{0,30}(?:\/[\w+-]{1,30}){1,2}$/i;

/**
 * Abbreviations that name one fixed offset (minutes east of UTC). Maps, not object literals: a zone
 * read from an issue ("constructor") must never reach the prototype.
 */
const FIXED_ZONES: ReadonlyMap<string, number> = new Map(
  Object.entries({
    utc: 0,
    gmt: 0,
    z: 0,
    wet: 0,
    west: 60,
    bst: 60,
    cet: 60,
    cest: 120,
    eet: 120,
    eest: 180,
    msk: 180,
    est: -300,
    edt: -240,
    cdt: -300,
    mst: -420,
    mdt: -360,
    pst: -480,
    pdt: -420,
    akst: -540,
    akdt: -480,
    hst: -600,
    sgt: 480,
    hkt: 480,
    awst: 480,
    jst: 540,
    kst: 540,
    acst: 570,
    acdt: 630,
    aest: 600,
    aedt: 660,
    nzst: 720,
    nzdt: 780,
  }),
);

/** Abbreviations that follow a region's daylight saving: read in that region's zone. */
const REGION_ZONES: ReadonlyMap<string, string> = new Map([
  ['et', 'America/New_York'],
  ['ct', 'America/Chicago'],
  ['mt', 'America/Denver'],
  ['pt', 'America/Los_Angeles'],
]);

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC that `zone` is at `instantMs`; null for an unknown zone. */
function zoneOffsetAt(zone: string, instantMs: number): number | null {
  let formatter = zoneFormatters.get(zone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      return null;
    }
    if (zoneFormatters.size < 512) zoneFormatters.set(zone, formatter);
  }
  const part: Record<string, number> = {};
  for (const p of formatter.formatToParts(new Date(instantMs)))
    if (p.type !== 'literal') part[p.type] = Number(p.value);
  const local = Date.UTC(
    part.year ?? 0,
    (part.month ?? 1) - 1,
    part.day ?? 1,
    (part.hour ?? 0) % 24,
    part.minute ?? 0,
    part.second ?? 0,
  );
  return Math.round((local - Math.floor(instantMs / 1000) * 1000) / 60_000);
}

/** The instant a wall-clock time in an IANA zone names (at a DST change, the offset before it). */
function fromZone(localMs: number, zone: string): number | null {
  const first = zoneOffsetAt(zone, localMs);
  if (first === null) return null;
  const guess = localMs - first * 60_000;
  const second = zoneOffsetAt(zone, guess) ?? first;
  return second === first ? guess : localMs - second * 60_000;
}

/** The zone text after the time -> a function from the wall-clock time (as if UTC) to the instant. */
function zoneReader(zoneText: string): ((localMs: number) => number | null) | null {
  const zone = zoneText
    .trim()
    .replace(/^\((.*)\)$/, '$1')
    .trim();
  if (zone === '') return (ms) => ms;
  const fixed = FIXED_ZONES.get(zone.toLowerCase());
  if (fixed !== undefined) return (ms) => ms - fixed * 60_000;
  const offset = OFFSET.exec(zone);
  if (offset) {
    const minutes = (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3] ?? 0));
    if (Number(offset[2]) > 14 || Number(offset[3] ?? 0) > 59) return null;
    return (ms) => ms - minutes * 60_000;
  }
  const region = REGION_ZONES.get(zone.toLowerCase());
  const iana = region ?? (IANA_NAME.test(zone) ? zone : null);
  if (iana === null || zoneOffsetAt(iana, 0) === null) return null;
  return (ms) => fromZone(ms, iana);
}

/**
 * `zoneless`: the zone of a time written without one (UTC unless a label says otherwise, see
 * labelZone); null when such a time is not to be read at all.
 */
export function parseTimestamp(text: string, zoneless: string | null = ''): Date | null {
  // Emphasis off; an underscore inside a word stays (`America/New_York`).
  const m = TIMESTAMP.exec(trimChars(stripHtmlComments(text).replace(/[*`]/g, '').trim(), '_').trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, zoneText] = m;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null;
  const localMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  // Reject dates that rolled over (2026-02-31).
  const local = new Date(localMs);
  if (Number.isNaN(localMs) || local.getUTCDate() !== Number(d) || local.getUTCMonth() !== Number(mo) - 1) return null;
  const own = (zoneText ?? '').trim();
  if (own === '' && zoneless === null) return null;
  const reader = zoneReader(own === '' ? (zoneless ?? '') : own);
  const ms = reader ? reader(localMs) : null;
  return ms === null || Number.isNaN(ms) ? null : new Date(ms);
}

const IMPACT_START_FIELD =
  /^(?:impact\s(?:start(?:ed)?|began)(?:\s(?:at|time))?|when did (?:the )?impact start\??|start(?:ed)?(?:\sat)?)$/i;

/** A label's closing parenthetical: `Impact started (UTC)` -> `UTC`, `影響開始（JST）` -> `JST`. */
const LABEL_ASIDE = /\s?[(（]([^()（）]{1,40})[)）]\s?[:：?？]?\s*$/;

/** An aside's words that are a format, not a zone: `YYYY-MM-DD`, `HH:MM`, `24h`. */
const FORMAT_WORD = /^(?:YYYY|YY|MM|DD|HH|hh|mm|ss)(?:[-/.:T](?:YYYY|YY|MM|DD|HH|hh|mm|ss))*$|^24\s?h$/;
/** An aside that speaks of a zone without naming one the app can read: the writer's own time. */
const LOCAL_TIME =
  /\blocal\b|\b(?:time\s?)?zone\b|ortszeit|heure locale|hora local|czas lokalny|yerel saat|現地|ローカル|현지|当地|本地/i;

/**
 * The zone a label gives the times written under it without one: `(UTC)`, `(JST)`, `(UTC+9)`,
 * `(Europe/Berlin)`, with format words beside it (`(YYYY-MM-DD HH:MM UTC)`, `(UTC, 24h)`); '' when the
 * aside names none (`(optional)`, `(HH:MM)`: such times are UTC, as without an aside). Null when it
 * speaks of a zone the app cannot take (`(local time)`, `(IST)`, `(UTC or JST)`): a time without its own
 * zone is then not read, never guessed. Abbreviations count in capitals only: `(est)` is "estimated".
 */
export function labelZone(label: string): string | null {
  const aside = LABEL_ASIDE.exec(label)?.[1]?.trim();
  if (aside === undefined) return '';
  if (LOCAL_TIME.test(aside)) return null;
  const zones: string[] = [];
  for (const word of aside.split(/[\s,;]+/)) {
    if (word === '' || FORMAT_WORD.test(word)) continue;
    const zoneLike = /^[A-Z]{2,5}$/.test(word) || /^(?:UTC|GMT)?[+-]\d/.test(word) || word.includes('/');
    if (!zoneLike) continue;
    if (zoneReader(word) === null) return null;
    zones.push(word);
  }
  if (zones.length > 1) return null;
  return zones[0] ?? '';
}

/** Field labels that carry the impact start: `Impact start`, `Impact started at`, `When did the impact start?`. */
export function isImpactStartField(label: string, vocabulary?: Vocabulary): boolean {
  const bare = label
    .replace(LABEL_ASIDE, '')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/[:：]$/, '');
  if (IMPACT_START_FIELD.test(bare)) return true;
  // The enabled languages' labels ("Störungsbeginn", "Inicio del impacto", "開始時刻").
  return vocabulary !== undefined && bare.length <= 80 && isPhrase(foldText(bare), vocabulary.impactStartFields);
}

/** The impact start from the body's fields, if one is given and parses. */
export function impactStartOf(fields: Readonly<Record<string, string>>, vocabulary?: Vocabulary): Date | null {
  for (const [label, value] of Object.entries(fields)) {
    if (isImpactStartField(label, vocabulary)) {
      const parsed = parseTimestamp(value, labelZone(label));
      if (parsed) return parsed;
    }
  }
  return null;
}
