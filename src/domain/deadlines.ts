import { boundedMemo } from './bounded-memo.js';
import type { Anchor, Deadline, Variant } from './types.js';
import { deepFreeze } from './freeze.js';

/**
 * The deadline grammar (DESIGN.md, "Deadline grammar"). Two entry points:
 * - `parseDeadlineCode`: the content of an inline code span (`4 hrs`, `1-2 days`, `immediately`,
 *   `every 30 min`, `2h after mitigation`). The whole span must be a deadline.
 * - `findDeadlinePhrase`: a deadline inside prose ("within 24-48 hours of incident resolution",
 *   "every 30 minutes"). Only phrases introduced by "within" or "every", or followed by an anchor
 *   ("2 days after resolution"), count: "lasting more than 60 minutes" is a condition, not a deadline.
 */

export type DeadlineParse =
  | { kind: 'deadline'; deadline: Deadline }
  | { kind: 'invalid'; message: string }
  | { kind: 'none' };

const UNIT_MINUTES: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(?:s|secs?|seconds?)$/, 1 / 60],
  [/^(?:m|mins?|minutes?)$/, 1],
  [/^(?:h|hrs?|hours?)$/, 60],
  [/^(?:d|days?)$/, 24 * 60],
  [/^(?:w|wks?|weeks?)$/, 7 * 24 * 60],
];

const UNIT = String.raw`(?:seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w)`;
/** A number, or "a"/"an"/"one" followed by a space ("within an hour"; "as soon" is not "a s"). */
const NUMBER = String.raw`(?:\d{1,6}(?:\.\d{1,3})?\s*|(?:an?|one)\s+)`;
const DURATION = String.raw`${NUMBER}${UNIT}(?:\s*\d{1,6}(?:\.\d{1,3})?\s*${UNIT})*`;
const RANGE_SEP = String.raw`\s*(?:-|–|—|to)\s*`;
/** `1-2 days`, `24 - 48 hours`, `30 min - 2 hours`, or a single duration. */
const SPAN = String.raw`(?:${NUMBER}${UNIT}?${RANGE_SEP})?${DURATION}`;
const ANCHOR_WORDS = String.raw`(?:resolution|resolved|resolving|closing|close|mitigation|mitigated|mitigating|acknowledge?ment|acknowledged|acknowledging|ack|start|declaration|detection)`;
const ANCHOR_SUFFIX = String.raw`(?:of|after|from|following|since)\s+(?:the\s+)?(?:incident(?:'s)?\s+(?:is\s+|was\s+|being\s+|has\s+been\s+)?)?(${ANCHOR_WORDS})`;

const CODE_RE = new RegExp(
  String.raw`^(?:(?:within|in|by)\s+)?(?:(immediately|now|asap)|(every\s+(?:${DURATION}|${UNIT}))|(${SPAN}))(?:\s+${ANCHOR_SUFFIX})?\.?$`,
  'i',
);

/** A code span at the start of a step that still is not a deadline: `4 hrz`, `every blue moon`. */
const LOOKS_LIKE_CODE_RE = /^(?:(?:within|in|every)\s+\S|\d+(?:[.,]\d+)?\s*[a-z]+\.?$|\d+(?:[.,]\d+)?\s*(?:-|–|to)\s*\d)/i;

const WITHIN_RE = new RegExp(String.raw`\bwithin\s+(?:the\s+)?(?:next\s+|first\s+)?(${SPAN})\b(?:\s+${ANCHOR_SUFFIX})?`, 'i');
const EVERY_RE = new RegExp(String.raw`\bevery\s+(${DURATION}|${UNIT})\b`, 'i');
const AFTER_RE = new RegExp(String.raw`\b(${SPAN})\s+${ANCHOR_SUFFIX}`, 'i');

const VARIANT_LABELS: ReadonlyArray<readonly [RegExp, Variant]> = [
  [/^\W*(?:off[- ]?hours?|out[- ]of[- ]hours|after[- ]hours|outside (?:of )?(?:business|working|office) hours|nights?(?: and weekends)?|weekends?)\b/i, 'off-hours'],
  [/^\W*(?:day ?time|business hours|working hours|office hours|during (?:business|working|office) hours|in[- ]hours)\b/i, 'daytime'],
];

function anchorOf(word: string | undefined, fallback: Anchor): Anchor {
  if (!word) return fallback;
  const w = word.toLowerCase();
  if (/^(?:resol|clos)/.test(w)) return 'resolved';
  if (w.startsWith('mitigat')) return 'mitigated';
  if (w.startsWith('ack')) return 'acknowledged';
  return 'start';
}

function unitMinutes(unit: string): number | null {
  const u = unit.toLowerCase();
  for (const [re, minutes] of UNIT_MINUTES) if (re.test(u)) return minutes;
  return null;
}

function numberValue(text: string): number {
  const t = text.toLowerCase();
  return t === 'a' || t === 'an' || t === 'one' ? 1 : Number(text);
}

/** `2h`, `1 hour 30 min`, `an hour`, `hour` (alone, as in "every hour") -> minutes; null if not a duration. */
export function parseDurationText(text: string): number | null {
  const t = text.trim();
  if (/^[a-z]+$/i.test(t)) return unitMinutes(t);
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?|an?|one)\s*([a-z]+)/gi)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('').replace(/\s+/g, '') !== t.replace(/\s+/g, '')) return null;
  let total = 0;
  for (const [, num, unit] of parts) {
    const minutes = unitMinutes(unit ?? '');
    if (minutes === null) return null;
    total += numberValue(num ?? '') * minutes;
  }
  return Number.isFinite(total) ? roundMinutes(total) : null;
}

function roundMinutes(minutes: number): number {
  return Math.round(minutes * 1000) / 1000;
}

const SPAN_RE = new RegExp(String.raw`^(${NUMBER})(${UNIT})?${RANGE_SEP}(${DURATION})$`, 'i');

/** `1-2 days` (the unit of the upper bound applies to a bare lower bound), or a single duration. */
function parseSpan(text: string): { min: number; max: number } | null {
  const m = SPAN_RE.exec(text.trim());
  if (m) {
    const max = parseDurationText(m[3] ?? '');
    if (max === null) return null;
    const lowerUnit = m[2] ?? /([a-z]+)\s*$/i.exec(m[3] ?? '')?.[1] ?? '';
    const unit = unitMinutes(lowerUnit);
    if (unit === null) return null;
    const min = roundMinutes(numberValue((m[1] ?? '').trim()) * unit);
    return min <= max ? { min, max } : null;
  }
  const single = parseDurationText(text);
  return single === null ? null : { min: single, max: single };
}

function plain(params: { min: number; max: number; anchor: Anchor; every?: number | null }): Deadline {
  return {
    anchor: params.anchor,
    minMinutes: params.min,
    maxMinutes: params.max,
    everyMinutes: params.every ?? null,
    variants: null,
  };
}

function recurring(text: string, anchor: Anchor): DeadlineParse {
  const every = parseDurationText(text.replace(/^every\s+/i, ''));
  if (every === null || every <= 0) return { kind: 'invalid', message: `"${text}" is not an interval such as "every 30 min"` };
  return { kind: 'deadline', deadline: plain({ min: every, max: every, anchor, every }) };
}

/** Templates repeat a handful of deadlines across steps and every event re-parses them; results are frozen. */
const parseCode = boundedMemo({
  limit: 1_000,
  compute: (key: string) => {
    const [defaultAnchor, code] = key.split('\u0000', 2) as [Anchor, string];
    return deepFreeze(parseDeadlineCodeUncached({ code, defaultAnchor }));
  },
});

/** The content of a code span as a deadline. `defaultAnchor` is the section's (start, or resolved after the incident). */
export function parseDeadlineCode(params: { code: string; defaultAnchor: Anchor }): DeadlineParse {
  return parseCode(`${params.defaultAnchor}\u0000${params.code}`);
}

function parseDeadlineCodeUncached(params: { code: string; defaultAnchor: Anchor }): DeadlineParse {
  const code = params.code.trim().replace(/\s+/g, ' ');
  if (code.length > 80) return { kind: 'none' };
  const m = CODE_RE.exec(code);
  if (!m) {
    return LOOKS_LIKE_CODE_RE.test(code)
      ? { kind: 'invalid', message: `\`${code}\` looks like a deadline but is not one; write e.g. \`30 min\`, \`4 hrs\`, \`1-2 days\`, \`immediately\` or \`every 30 min\`` }
      : { kind: 'none' };
  }
  const anchor = anchorOf(m[4], params.defaultAnchor);
  if (m[1]) return { kind: 'deadline', deadline: plain({ min: 0, max: 0, anchor }) };
  if (m[2]) return recurring(m[2], anchor);
  const span = parseSpan(m[3] ?? '');
  if (!span) return { kind: 'invalid', message: `\`${code}\` is not a valid range: the lower bound must not exceed the upper bound` };
  return { kind: 'deadline', deadline: plain({ ...span, anchor }) };
}

/** The first deadline phrase in prose, if any. */
export function findDeadlinePhrase(params: { text: string; defaultAnchor: Anchor }): DeadlineParse {
  const text = params.text.replace(/\s+/g, ' ');
  if (text.length > 4000) return findInChunks(text, params.defaultAnchor);
  const within = WITHIN_RE.exec(text) ?? AFTER_RE.exec(text);
  if (within) {
    const span = parseSpan(within[1] ?? '');
    if (span) return { kind: 'deadline', deadline: plain({ ...span, anchor: anchorOf(within[2], params.defaultAnchor) }) };
  }
  const every = EVERY_RE.exec(text);
  if (every) return recurring(every[0], params.defaultAnchor);
  return { kind: 'none' };
}

/** Long prose is searched sentence by sentence so the regexes never see more than a sentence at once. */
function findInChunks(text: string, defaultAnchor: Anchor): DeadlineParse {
  for (const sentence of text.split(/(?<=[.!?;])\s+/)) {
    const found = findDeadlinePhrase({ text: sentence.slice(0, 4000), defaultAnchor });
    if (found.kind !== 'none') return found;
  }
  return { kind: 'none' };
}

/** "Daytime: ..." / "Off-hours: ..." right after a deadline code span. */
export function variantLabel(textAfter: string): Variant | null {
  for (const [re, variant] of VARIANT_LABELS) if (re.test(textAfter)) return variant;
  return null;
}

/** Deadlines with their variant labels -> one deadline: the earliest per variant (DESIGN.md). */
export function combineDeadlines(candidates: ReadonlyArray<{ deadline: Deadline; variant: Variant | null }>): Deadline | null {
  if (candidates.length === 0) return null;
  const due = (d: Deadline): number => d.maxMinutes;
  const earliest = (list: Deadline[]): Deadline | undefined =>
    list.reduce<Deadline | undefined>((best, d) => (best === undefined || due(d) < due(best) ? d : best), undefined);
  const unlabeled = earliest(candidates.filter((c) => c.variant === null).map((c) => c.deadline));
  const day = earliest(candidates.filter((c) => c.variant === 'daytime').map((c) => c.deadline));
  const off = earliest(candidates.filter((c) => c.variant === 'off-hours').map((c) => c.deadline));
  if (!day && !off) return unlabeled ?? null;
  const pick = (a: Deadline | undefined, b: Deadline | undefined): Deadline | undefined =>
    a && b ? (due(a) <= due(b) ? a : b) : (a ?? b);
  const daytime = pick(day, unlabeled) ?? off;
  const offHours = pick(off, unlabeled) ?? day;
  if (!daytime || !offHours) return null;
  const variants = { daytime: due(daytime), 'off-hours': due(offHours) };
  return {
    anchor: daytime.anchor,
    minMinutes: Math.min(variants.daytime, variants['off-hours']),
    maxMinutes: Math.max(variants.daytime, variants['off-hours']),
    everyMinutes: null,
    variants,
  };
}

/** Minutes as the shortest exact text in the grammar: 90 -> "90 min", 120 -> "2 hrs", 2880 -> "2 days". */
export function formatMinutes(minutes: number): string {
  if (minutes === 0) return '0 min';
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)} day${minutes === 24 * 60 ? '' : 's'}`;
  if (minutes % 60 === 0) return `${minutes / 60} hr${minutes === 60 ? '' : 's'}`;
  // The grammar's numbers have at most six digits: a million minutes and more are written in days.
  if (minutes >= 1_000_000) {
    const days = Math.floor(minutes / (24 * 60));
    return `${days} days ${formatMinutes(roundMinutes(minutes - days * 24 * 60))}`;
  }
  if (Number.isInteger(minutes)) return `${minutes} min`;
  // Seconds read best under a minute; beyond, a decimal minute stays within the grammar's digits.
  return minutes < 1 ? `${roundMinutes(minutes * 60)} sec` : `${roundMinutes(minutes)} min`;
}

const ANCHOR_TEXT: Record<Anchor, string> = {
  start: '',
  acknowledged: ' after acknowledgement',
  mitigated: ' after mitigation',
  resolved: ' after resolution',
};

/**
 * A deadline back as text. Without variants it is grammar: `parseDeadlineCode` of the result gives the
 * same deadline back. With variants it is for display (`4 hrs daytime / 8 hrs off-hours`); in a
 * template they are written as two labelled child bullets.
 */
export function formatDeadline(deadline: Deadline): string {
  const anchor = ANCHOR_TEXT[deadline.anchor];
  if (deadline.variants) {
    return `${formatMinutes(deadline.variants.daytime)} daytime / ${formatMinutes(deadline.variants['off-hours'])} off-hours${anchor}`;
  }
  if (deadline.everyMinutes !== null) return `every ${formatMinutes(deadline.everyMinutes)}${anchor}`;
  if (deadline.maxMinutes === 0) return `immediately${anchor}`;
  if (deadline.minMinutes !== deadline.maxMinutes) {
    return `${formatMinutes(deadline.minMinutes)} - ${formatMinutes(deadline.maxMinutes)}${anchor}`;
  }
  return `${formatMinutes(deadline.maxMinutes)}${anchor}`;
}
