import { boundedMemo } from '../shared/bounded-memo.js';
import { parseDuration, unitOf } from '../shared/duration.js';
import type { Anchor, Deadline, Variant } from './types.js';
import { deepFreeze } from '../shared/freeze.js';
import { trailingLetters } from '../shared/trim.js';

/**
 * The deadline grammar (docs/templates.md, "Deadlines"). Two entry points:
 * - `parseDeadlineCode`: the content of an inline code span (`4 hrs`, `1-2 days`, `immediately`,
 *   `every 30 min`, `2h after mitigation`). The whole span must be a deadline.
 * - `findDeadlinePhrase`: a deadline inside prose ("within 24-48 hours of incident resolution",
 *   "every 30 minutes", "in 15 minutes", "within the first hour", "next business day", "SLA: 4h",
 *   "< 15 min", "T+15", "hourly", a leading "ASAP"). Only phrases introduced by such a word, or followed
 *   by an anchor ("2 days after resolution"), count: "lasting more than 60 minutes" is a condition, not
 *   a deadline. A parenthetical counts only when it is a deadline and nothing else ("(15m)"): "(can be
 *   started within 48 hours)" describes something else.
 * - `deadlineLookalikes`: prose that looks like a deadline but cannot be timed ("15 minz", "EOD",
 *   "T-5 days before the release"), for warnings.
 * Every regular expression here runs in linear time on any input: repetitions are bounded and no two
 * quantifiers can split the same characters between them (see the growth test in
 * test/unit/parser-linear-time.test.ts).
 */

export type DeadlineParse =
  { kind: 'deadline'; deadline: Deadline } | { kind: 'invalid'; message: string } | { kind: 'none' };

// Bare alternations (`*_ALT`) for where the pattern already has a group around them; grouped otherwise.
const UNIT_ALT = String.raw`seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w`;
const UNIT = `(?:${UNIT_ALT})`;
/** A number, or "a"/"an"/"one" followed by a space ("within an hour"; "as soon" is not "a s"). */
const NUMBER_ALT = String.raw`\d{1,6}(?:\.\d{1,6})?\s?|(?:an?|one)\s`;
const NUMBER = `(?:${NUMBER_ALT})`;
const DURATION = String.raw`${NUMBER}${UNIT}(?:\s?\d{1,6}(?:\.\d{1,6})?\s?${UNIT}){0,3}`;
const RANGE_SEP = String.raw`\s?(?:[-–—]|to)\s?`;
/** `1-2 days`, `24 - 48 hours`, `30 min - 2 hours`, or a single duration. */
const SPAN = String.raw`(?:${NUMBER}${UNIT}?${RANGE_SEP})?${DURATION}`;
const ANCHOR_WORDS = String.raw`resolution|resolved|resolving|closing|close|mitigation|mitigated|mitigating|acknowledge?ment|acknowledged|acknowledging|ack|start|declaration|detection`;
const ANCHOR_SUFFIX = String.raw`(?:of|after|from|following|since)\s(?:the\s)?(?:incident(?:'s)?\s(?:is\s|was\s|being\s|has\sbeen\s)?)?(${ANCHOR_WORDS})`;

const CODE_RE = new RegExp(
  String.raw`^(?:(?:within|in|by)\s)?(?:(immediately|now|asap)|(every\s(?:${DURATION}|${UNIT_ALT}))|(${SPAN}))(?:\s${ANCHOR_SUFFIX})?\.?$`,
  'i',
);

/** Unit-like words: the grammar's units, their typos (`minz`, `hrz`) and units it does not have (`fortnights`). */
const UNIT_LIKE = String.raw`(?:[smhdw](?![a-z])|(?:mi?n|hr|hou|sec|da|we|wk|fortnight|mon|ye|yr)[a-z]{0,8})`;

/** A code span that still is not a deadline: `4 hrz`, `every blue moon`, `1 hr after mitigaton`, `3 fortnights`. */
const LOOKS_LIKE_CODE_RE = new RegExp(
  String.raw`^(?:(?:within|in|every|by)\s\S|T\s?[+-]\s?\d|\d{1,6}(?:[.,]\d{1,3})?\s?${UNIT_LIKE}|\d{1,6}(?:[.,]\d{1,3})?\s?(?:[-–]|to)\s?\d|(?:eod|cob|eob|eow|tomorrow|tonight)\b)`,
  'i',
);

/** `T+15m`, `T+15` (minutes when no unit is given): a runbook's clock, counted from the start. */
const T_PLUS = /^T\s?\+\s?(\d{1,6})\s?([a-z]{1,12})?$/i;
/** Words in front of a duration that say "at most": `SLA: 4h`, `< 15 min`, `≤ 1 hr`. */
const AT_MOST_PREFIX = /^(?:SLA\s?[:=-]?\s?|(?:<=?|≤)\s?)/i;
/** `within the first hour`, `in the next 15 minutes`: "the first/next" adds nothing to the duration. */
const FIRST_NEXT = /^((?:within|in|by)\s)(?:the\s)?(?:first|next)\s/i;
const NEXT_UNIT = /^(?:the\s)?next\s(minute|hour|day|week)$/i;
const BARE_UNIT_AFTER_PREP = /^((?:within|in|by)\s)(minute|hour|day|week)\b/i;
// Maps, not object literals: a key read from a template ("constructor") must never reach the prototype.
const RECURRING_WORDS: ReadonlyMap<string, number> = new Map([
  ['hourly', 60],
  ['half-hourly', 30],
  ['half hourly', 30],
  ['daily', 24 * 60],
]);
const BUSINESS_CODE_RE = new RegExp(
  String.raw`^(?:(?:within|in|by)\s)?(?:the\s)?(?:(next)|(\d{1,3}|an?|one))\s(?:business|working)\sdays?(?:\s${ANCHOR_SUFFIX})?\.?$`,
  'i',
);

const WITHIN_RE = new RegExp(
  String.raw`\bwithin\s(?:the\s)?(?:next\s|first\s)?(${SPAN})\b(?:\s${ANCHOR_SUFFIX})?`,
  'i',
);
/**
 * "in 15 minutes" only where the duration ends the clause: "check the rate in 5 min windows" is not
 * a deadline, "write a summary in 15 minutes." and "in 2 days after resolution" are.
 */
const IN_RE = new RegExp(
  String.raw`\bin\s(?:the\s)?(?:next\s|first\s)?(${SPAN})(?:\s${ANCHOR_SUFFIX})?(?=$|[\s.,;:!?)](?:$|[\s.,;:!?)]|and\b|or\b|then\b))`,
  'i',
);
const FIRST_UNIT_RE = new RegExp(
  String.raw`\b(?:within|in|during)\s(?:the\s)?(?:first|next)\s(minute|hour|day|week)\b(?:\s${ANCHOR_SUFFIX})?`,
  'i',
);
const BUSINESS_RE = new RegExp(
  String.raw`\b(?:(next)|(\d{1,3}|an?|one))\s(?:business|working)\sdays?\b(?:\s${ANCHOR_SUFFIX})?`,
  'i',
);
const AT_MOST_RE = new RegExp(String.raw`(?:\bSLA\s?[:=-]?\s?(?:of\s)?|(?:^|\s)(?:<=?|≤)\s?)(${SPAN})\b`, 'i');
const T_PLUS_RE = /\bT\s?\+\s?(\d{1,6})\s?(m|mins?|minutes?|h|hrs?|hours?)?\b/i;
const EVERY_RE = new RegExp(String.raw`\bevery\s(?:${DURATION}|${UNIT_ALT})\b`, 'i');
const HOURLY_RE = /\b(half[- ]hourly|hourly)\b/i;
const AFTER_RE = new RegExp(String.raw`\b(${SPAN})\s${ANCHOR_SUFFIX}`, 'i');
/** "ASAP" or "Immediately" leading a step: the step's own deadline, not a word in the middle of a condition. */
const LEADING_NOW_RE = /^\W{0,3}(?:asap|immediately)\b/i;

const VARIANT_LABELS: ReadonlyArray<readonly [RegExp, Variant]> = [
  [
    /^\W*(?:off[- ]?hours?|out[- ]of[- ]hours|after[- ]hours|outside (?:of )?(?:business|working|office) hours|nights?(?: and weekends)?|weekends?)\b/i,
    'off-hours',
  ],
  [
    /^\W*(?:day ?time|business hours|working hours|office hours|during (?:business|working|office) hours|in[- ]hours)\b/i,
    'daytime',
  ],
];

function anchorOf(word: string | undefined, fallback: Anchor): Anchor {
  if (!word) return fallback;
  const w = word.toLowerCase();
  if (/^(?:resol|clos)/.test(w)) return 'resolved';
  if (w.startsWith('mitigat')) return 'mitigated';
  if (w.startsWith('ack')) return 'acknowledged';
  return 'start';
}

const unitMinutes = unitOf;

function numberValue(text: string): number {
  const t = text.toLowerCase();
  return t === 'a' || t === 'an' || t === 'one' ? 1 : Number(text);
}

/** `2h`, `1 hour 30 min`, `an hour`, `hour` (alone, as in "every hour") -> minutes; null if not a duration. */
export function parseDurationText(text: string): number | null {
  // "now" and "immediately" are words of the deadline grammar, read before a duration is.
  return /^\s*(?:now|immediately)\s*$/i.test(text) ? null : parseDuration(text);
}

function roundMinutes(minutes: number): number {
  return Math.round(minutes * 1000) / 1000;
}

const SPAN_RE = new RegExp(String.raw`^(${NUMBER_ALT})(${UNIT_ALT})?${RANGE_SEP}(${DURATION})$`, 'i');

/** `1-2 days` (the unit of the upper bound applies to a bare lower bound), or a single duration. */
function parseSpan(text: string): { min: number; max: number } | null {
  const m = SPAN_RE.exec(text.trim());
  if (m) {
    const max = parseDurationText(m[3] ?? '');
    if (max === null) return null;
    const lowerUnit = m[2] ?? (trailingLetters(m[3] ?? '') || '');
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
  if (every === null || every <= 0)
    return { kind: 'invalid', message: `"${text}" is not an interval such as "every 30 min"` };
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

/** The forms people write beside the grammar, rewritten into it: `T+15` -> `15 min`, `SLA: 4h` -> `4h`. */
function normaliseCode(code: string): string {
  const t = T_PLUS.exec(code);
  if (t) return `${t[1]} ${t[2] ?? 'min'}`;
  let c = code.replace(AT_MOST_PREFIX, '').replace(FIRST_NEXT, '$1');
  c = c.replace(BARE_UNIT_AFTER_PREP, '$11 $2');
  // "(next hour)", "(next day)", "(next week)": a step's timing suffix, one of the unit from the anchor.
  return c.replace(NEXT_UNIT, '1 $1');
}

function businessDays(params: { count: number; anchor: Anchor }): Deadline {
  // Calendar minutes are the earliest the business days can end; the due time itself follows
  // business_hours (businessDueAt in business-hours.ts).
  const minutes = params.count * 24 * 60;
  return { ...plain({ min: minutes, max: minutes, anchor: params.anchor }), businessDays: params.count };
}

function businessCount(next: string | undefined, number: string | undefined): number | null {
  if (next) return 1;
  const n = numberValue(number ?? '');
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** Why a code span that looks like a deadline is not one, in words the author can act on. */
function explainCode(code: string): string {
  if (/\b(?:fortnights?|months?|mos?|years?|yrs?)\b/i.test(code)) {
    return `\`${code}\` is not a deadline: the grammar counts seconds, minutes, hours, days and weeks (write e.g. \`14 days\`)`;
  }
  if (/^(?:eod|cob|eob|eow|tomorrow|tonight)\b/i.test(code)) {
    return `\`${code}\` names a time of day the app cannot place; write a duration (\`8 hrs\`) or \`next business day\``;
  }
  if (/^T\s?-/i.test(code))
    return `\`${code}\` counts back from a moment the app has no time for; write a duration after the start`;
  if (/\s(?:after|of|from|following|since)\s/i.test(code)) {
    return `\`${code}\` counts from a moment the app does not know; write "after acknowledgement", "after mitigation" or "after resolution" (or nothing, for the start)`;
  }
  return `\`${code}\` looks like a deadline but is not one; write e.g. \`30 min\`, \`4 hrs\`, \`1-2 days\`, \`immediately\`, \`every 30 min\` or \`2h after mitigation\``;
}

function parseDeadlineCodeUncached(params: { code: string; defaultAnchor: Anchor }): DeadlineParse {
  const original = params.code.trim().replace(/\s+/g, ' ');
  if (original.length > 80) return { kind: 'none' };
  const code = normaliseCode(original);
  const recurringWord = RECURRING_WORDS.get(code.toLowerCase().replace(/\.$/, ''));
  if (recurringWord !== undefined)
    return {
      kind: 'deadline',
      deadline: plain({ min: recurringWord, max: recurringWord, anchor: params.defaultAnchor, every: recurringWord }),
    };
  const business = BUSINESS_CODE_RE.exec(code);
  if (business) {
    const count = businessCount(business[1], business[2]);
    if (count !== null)
      return {
        kind: 'deadline',
        deadline: businessDays({ count, anchor: anchorOf(business[3], params.defaultAnchor) }),
      };
  }
  const m = CODE_RE.exec(code);
  if (!m)
    return LOOKS_LIKE_CODE_RE.test(original) ? { kind: 'invalid', message: explainCode(original) } : { kind: 'none' };
  const anchor = anchorOf(m[4], params.defaultAnchor);
  if (m[1]) return { kind: 'deadline', deadline: plain({ min: 0, max: 0, anchor }) };
  if (m[2]) return recurring(m[2], anchor);
  const span = parseSpan(m[3] ?? '');
  if (!span)
    return {
      kind: 'invalid',
      message: `\`${original}\` is not a valid range: the lower bound must not exceed the upper bound`,
    };
  return { kind: 'deadline', deadline: plain({ ...span, anchor }) };
}

/**
 * Text outside parentheses, and each parenthetical's content. One pass, no regular expression; a
 * parenthesis left open runs to the end of the text.
 */
export function splitAsides(text: string): { outside: string; asides: string[] } {
  let outside = '';
  const asides: string[] = [];
  let depth = 0;
  let aside = '';
  for (const ch of text) {
    if (ch === '(') {
      if (depth === 0) aside = '';
      else aside += ch;
      depth += 1;
      outside += ' ';
    } else if (ch === ')' && depth > 0) {
      depth -= 1;
      if (depth === 0) asides.push(aside);
      else aside += ch;
    } else if (depth > 0) aside += ch;
    else outside += ch;
  }
  if (depth > 0) asides.push(aside);
  return { outside, asides };
}

/** The first deadline phrase in prose, if any. */
export function findDeadlinePhrase(params: { text: string; defaultAnchor: Anchor }): DeadlineParse {
  const text = params.text.replace(/\s+/g, ' ');
  if (text.length > 4000) return findInChunks(text, params.defaultAnchor);
  const { outside, asides } = splitAsides(text);
  for (const aside of asides) {
    const parsed = parseDeadlineCode({ code: aside, defaultAnchor: params.defaultAnchor });
    if (parsed.kind === 'deadline') return parsed;
  }
  return findInProse(outside.replace(/\s+/g, ' ').trim(), params.defaultAnchor);
}

function spanDeadline(match: RegExpExecArray | null, defaultAnchor: Anchor): DeadlineParse | null {
  if (!match) return null;
  const span = parseSpan(match[1] ?? '');
  return span ? { kind: 'deadline', deadline: plain({ ...span, anchor: anchorOf(match[2], defaultAnchor) }) } : null;
}

function findInProse(text: string, defaultAnchor: Anchor): DeadlineParse {
  if (LEADING_NOW_RE.test(text))
    return { kind: 'deadline', deadline: plain({ min: 0, max: 0, anchor: defaultAnchor }) };
  const business = BUSINESS_RE.exec(text);
  if (business) {
    const count = businessCount(business[1], business[2]);
    if (count !== null)
      return { kind: 'deadline', deadline: businessDays({ count, anchor: anchorOf(business[3], defaultAnchor) }) };
  }
  const found =
    spanDeadline(WITHIN_RE.exec(text), defaultAnchor) ??
    spanDeadline(IN_RE.exec(text), defaultAnchor) ??
    spanDeadline(AT_MOST_RE.exec(text), defaultAnchor);
  if (found) return found;
  const first = FIRST_UNIT_RE.exec(text);
  if (first) {
    const minutes = unitMinutes(first[1] ?? '');
    if (minutes !== null)
      return {
        kind: 'deadline',
        deadline: plain({ min: minutes, max: minutes, anchor: anchorOf(first[2], defaultAnchor) }),
      };
  }
  const tPlus = T_PLUS_RE.exec(text);
  if (tPlus) {
    const minutes = parseDurationText(`${tPlus[1]} ${tPlus[2] ?? 'min'}`);
    if (minutes !== null)
      return { kind: 'deadline', deadline: plain({ min: minutes, max: minutes, anchor: defaultAnchor }) };
  }
  const after = spanDeadline(AFTER_RE.exec(text), defaultAnchor);
  if (after) return after;
  const every = EVERY_RE.exec(text);
  if (every) return recurring(every[0], defaultAnchor);
  const hourly = HOURLY_RE.exec(text);
  if (hourly) {
    const minutes = RECURRING_WORDS.get((hourly[1] ?? '').toLowerCase()) ?? 60;
    return { kind: 'deadline', deadline: plain({ min: minutes, max: minutes, anchor: defaultAnchor, every: minutes }) };
  }
  return { kind: 'none' };
}

/** Long prose is searched sentence by sentence so the regexes never see more than a sentence at once. */
function findInChunks(text: string, defaultAnchor: Anchor): DeadlineParse {
  for (const sentence of text.split(/(?<=[.!?;])\s/)) {
    const found = findDeadlinePhrase({ text: sentence.slice(0, 4000), defaultAnchor });
    if (found.kind !== 'none') return found;
  }
  return { kind: 'none' };
}

const TYPO_UNIT_RE = /\b(\d{1,6})\s?((?:mi?n|hr|hour|sec|day|wk|week)[a-z]?)\b/gi;
const NO_SUCH_UNIT_RE =
  /\b(?:within|in|every|after|by)\s(?:the\s)?(?:next\s)?(\d{1,6}\s?(?:fortnights?|months?|years?|yrs?))\b/i;
/** Upper case only: "eod" in lower case is more often part of a name than a deadline. */
const CLOCK_WORD_RE = /\b(EOD|COB|EOB|EOW)\b/;
const CLOCK_WORD_CI_RE =
  /\b(?:by|before|until|due)\s(?:the\s)?(tomorrow|tonight|end\sof\s(?:the\s)?(?:business\s|working\s)?(?:day|week))\b/i;
const COUNT_BACK_RE = new RegExp(String.raw`\b(T\s?-\s?\d{1,6}\s?${UNIT}?|\d{1,6}\s?${UNIT}\sbefore)\b`, 'i');

/**
 * Prose in a step that looks like a deadline but cannot be timed, one message each: a misspelt unit
 * ("15 minz"), a unit the grammar lacks ("within 3 fortnights"), a clock word ("by EOD", "due
 * tomorrow"), or a time counted back from a moment the app does not know ("T-5 days before the release").
 */
export function deadlineLookalikes(text: string): string[] {
  const flat = text.replace(/\s+/g, ' ').slice(0, 4000);
  const found: string[] = [];
  for (const m of flat.matchAll(TYPO_UNIT_RE)) {
    if (unitMinutes(m[2] ?? '') !== null) continue;
    found.push(
      `"${m[0]}" looks like a deadline but "${m[2]}" is not a unit; write e.g. \`15 min\`, \`4 hrs\` or \`2 days\``,
    );
    break;
  }
  const noUnit = NO_SUCH_UNIT_RE.exec(flat);
  if (noUnit)
    found.push(
      `"${noUnit[1]}" is not a deadline: the grammar counts seconds, minutes, hours, days and weeks (write e.g. \`14 days\`)`,
    );
  const clock = CLOCK_WORD_RE.exec(flat) ?? CLOCK_WORD_CI_RE.exec(flat);
  if (clock)
    found.push(
      `"${clock[1]}" names a time of day the app cannot place; write a duration (\`8 hrs\`) or "next business day"`,
    );
  const back = COUNT_BACK_RE.exec(flat);
  if (back)
    found.push(
      `"${back[1]}" counts back from a moment the app has no time for; write a duration after the start instead`,
    );
  return found;
}

/**
 * A heading that times the steps below it: "Immediate", "ASAP", "First 15 minutes", "Initial triage
 * (first 5–10 minutes)", "Within 1 hour", "T+15", "0-15 min". Null when the heading sets no deadline.
 */
export function headingDeadline(params: { text: string; defaultAnchor: Anchor }): Deadline | null {
  const text = params.text.replace(/\s+/g, ' ').trim();
  if (text.length > 200) return null;
  if (/^\W{0,3}(?:immediate(?:ly)?|asap|right away)\b/i.test(text))
    return plain({ min: 0, max: 0, anchor: params.defaultAnchor });
  const whole = parseDeadlineCode({ code: text, defaultAnchor: params.defaultAnchor });
  if (whole.kind === 'deadline') return whole.deadline;
  const { outside, asides } = splitAsides(text);
  for (const part of [...asides, outside]) {
    const first = /\bfirst\s(.{1,40})$/i.exec(part.trim());
    if (first) {
      const parsed = parseDeadlineCode({ code: `within ${first[1] ?? ''}`, defaultAnchor: params.defaultAnchor });
      if (parsed.kind === 'deadline') return parsed.deadline;
      const unit = /^(minute|hour|day|week)$/i.exec((first[1] ?? '').trim());
      const minutes = unit ? unitMinutes(unit[1] ?? '') : null;
      if (minutes !== null) return plain({ min: minutes, max: minutes, anchor: params.defaultAnchor });
    }
    const parsed = parseDeadlineCode({ code: part.trim(), defaultAnchor: params.defaultAnchor });
    if (parsed.kind === 'deadline') return parsed.deadline;
  }
  const within = /\bwithin\s.{1,60}$/i.exec(text);
  if (within) {
    const parsed = findDeadlinePhrase({ text: within[0], defaultAnchor: params.defaultAnchor });
    if (parsed.kind === 'deadline') return parsed.deadline;
  }
  return null;
}

/** "Daytime: ..." / "Off-hours: ..." right after a deadline code span. */
export function variantLabel(textAfter: string): Variant | null {
  for (const [re, variant] of VARIANT_LABELS) if (re.test(textAfter)) return variant;
  return null;
}

/** Deadlines with their variant labels -> one deadline: the earliest per variant. */
export function combineDeadlines(
  candidates: ReadonlyArray<{ deadline: Deadline; variant: Variant | null }>,
): Deadline | null {
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
