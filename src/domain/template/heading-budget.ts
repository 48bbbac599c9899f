import { headingDeadline } from './deadlines.js';
import { foldText, phraseAtStart, phraseIn } from './languages/phrases.js';
import type { Vocabulary } from './languages/vocabulary.js';
import type { Anchor, Deadline } from './types.js';

/**
 * The time budget a heading gives the steps below it, in every common form and any enabled language:
 * "First 15 minutes", "Erste 30 Minuten", "Primeros 15 minutos", "最初の15分", "0–15 Dakika",
 * "Minute 0–10: triage", "Immediate actions (0-15 minutes)" (the range's end is the deadline; the
 * number beats the word "immediate"), "T+15", "Within 1 hour", numbered ("2. Within 1 hour").
 * Not a deadline: an agenda's time boxes (the caller skips agenda headings). A bare "Immediate" (no
 * number) keeps its old reading, due at once, and is a warning: its steps are overdue the moment the
 * issue opens.
 */
export interface HeadingBudget {
  deadline: Deadline | null;
  /** Set when the heading's timing is worth a warning (a bare "immediate"). */
  warning: string | null;
}

const MAX_HEADING_CHARS = 200;
const NUMBERING = /^\s{0,3}(?:\d{1,3}(?:\.\d{1,3}){0,3}[.)]?|[ivx]{1,5}[.)])\s/i;
const DASHES = new Set(['-', '–', '—', '~', '〜', '～']);

type Piece = { kind: 'number'; value: number } | { kind: 'word'; text: string } | { kind: 'dash' };

/** Numbers, words and dashes of a heading, in one pass; other characters separate them. */
function piecesOf(text: string): Piece[] {
  const pieces: Piece[] = [];
  let word = '';
  let digits = '';
  const flush = (): void => {
    if (digits !== '') pieces.push({ kind: 'number', value: Number(digits) });
    if (word !== '') pieces.push({ kind: 'word', text: word });
    digits = '';
    word = '';
  };
  for (const ch of text.toLowerCase()) {
    if (ch >= '0' && ch <= '9') {
      if (word !== '') flush();
      if (digits.length < 6) digits += ch;
    } else if (/[\p{L}\p{M}]/u.test(ch)) {
      if (digits !== '') flush();
      word += ch;
    } else {
      flush();
      if (DASHES.has(ch)) pieces.push({ kind: 'dash' });
    }
  }
  flush();
  return pieces;
}

/** The minutes of a time word, also when a Japanese or Chinese "first" is glued to it ("最初の" + number). */
function unitMinutes(piece: Piece | undefined, vocabulary: Vocabulary): number | null {
  return piece?.kind === 'word' ? (vocabulary.timeUnits.get(piece.text) ?? null) : null;
}

function plain(min: number, max: number, anchor: Anchor): Deadline {
  return { anchor, minMinutes: min, maxMinutes: max, everyMinutes: null, variants: null };
}

/** `N [– M] unit` or `unit N – M` ("Minute 0–10") anywhere in the heading; the first found wins. */
export function numericBudget(params: { text: string; anchor: Anchor; vocabulary: Vocabulary }): Deadline | null {
  const { vocabulary, anchor } = params;
  const p = piecesOf(params.text.slice(0, MAX_HEADING_CHARS));
  for (let i = 0; i < p.length; i++) {
    const here = p[i];
    if (here?.kind === 'number') {
      const second = p[i + 1]?.kind === 'dash' ? p[i + 2] : undefined;
      if (second?.kind === 'number') {
        const unit = unitMinutes(p[i + 3], vocabulary);
        if (unit !== null && here.value <= second.value) return plain(here.value * unit, second.value * unit, anchor);
      }
      const unit = unitMinutes(p[i + 1], vocabulary);
      if (unit !== null) return plain(here.value * unit, here.value * unit, anchor);
    }
    const unit = unitMinutes(here, vocabulary);
    const from = p[i + 1];
    const to = p[i + 3];
    if (unit !== null && from?.kind === 'number' && p[i + 2]?.kind === 'dash' && to?.kind === 'number')
      if (from.value <= to.value) return plain(from.value * unit, to.value * unit, anchor);
  }
  return null;
}

/** "First hour", "Erste Stunde", "Primera hora": "first" and a time word without a number = one of it. */
function firstUnit(params: { folded: string; anchor: Anchor; vocabulary: Vocabulary }): Deadline | null {
  const words = params.folded.split(' ');
  for (let i = 0; i + 1 < words.length; i++) {
    if (phraseAtStart(words[i] ?? '', params.vocabulary.firstWords) === null) continue;
    const unit = params.vocabulary.timeUnits.get(words[i + 1] ?? '');
    if (unit !== undefined && unit >= 60) return plain(unit, unit, params.anchor);
  }
  return null;
}

const BARE_IMMEDIATE =
  'an "immediate" heading without a time makes its steps due at once: they are overdue as soon as the issue opens; give it a time box, e.g. "Immediate (first 15 minutes)"';

export function headingBudget(params: { text: string; defaultAnchor: Anchor; vocabulary: Vocabulary }): HeadingBudget {
  const raw = params.text.replace(/\s+/g, ' ').trim();
  if (raw.length > MAX_HEADING_CHARS) return { deadline: null, warning: null };
  const text = raw.replace(NUMBERING, '');
  const anchor = params.defaultAnchor;
  const folded = foldText(text);
  const immediate =
    /^\W{0,3}(?:immediate(?:ly)?|asap|right away)\b/i.test(text) ||
    phraseAtStart(folded, params.vocabulary.immediateHeadings) !== null;
  const numeric = numericBudget({ text, anchor, vocabulary: params.vocabulary });
  if (immediate && numeric) return { deadline: numeric, warning: null };
  const english = headingDeadline({ text, defaultAnchor: anchor });
  if (english) return { deadline: english, warning: immediate && english.maxMinutes === 0 ? BARE_IMMEDIATE : null };
  if (numeric) return { deadline: numeric, warning: null };
  const first =
    phraseIn(folded, params.vocabulary.firstWords) === null
      ? null
      : firstUnit({ folded, anchor, vocabulary: params.vocabulary });
  if (first) return { deadline: first, warning: null };
  if (immediate) return { deadline: plain(0, 0, anchor), warning: BARE_IMMEDIATE };
  return { deadline: null, warning: null };
}
