/**
 * Matching the vocabulary's phrases on untrusted text without regular expressions built from data:
 * the text is folded once (lower case, every run of non-letters and non-digits one space), then each
 * phrase is a whole-words `includes` — or, for scripts written without spaces between words (Chinese,
 * Japanese) and agglutinating Korean, a plain substring. Linear in the text for each phrase.
 */

/** A set of phrases, split by how they match. */
export interface Phrases {
  /** Whole words ("action items" matches "Open action items", not "transactions"). */
  readonly spaced: readonly string[];
  /** Substrings ("重要度" matches "重要度（必須）"). */
  readonly unspaced: readonly string[];
}

export const NO_PHRASES: Phrases = { spaced: [], unspaced: [] };

const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** A run of characters that are not letters, marks or digits. */
const NON_WORD_RUN = /[^\p{L}\p{N}\p{M}]+/gu;
/** The same for ASCII text, where the letters and digits are these: several times faster to match. */
const NOT_ASCII = /\P{ASCII}/u;
const NON_WORD_RUN_ASCII = /[^a-z0-9]+/g;

/** Lower case; every run of characters that are not letters, marks or digits becomes one space. */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  if (!NOT_ASCII.test(lower)) return lower.replace(NON_WORD_RUN_ASCII, ' ').trim();
  // Turkish "İ" lowercases to "i" + a combining dot: fold it to the plain "i" the word lists use.
  return lower.replaceAll('i\u0307', 'i').replace(NON_WORD_RUN, ' ').trim();
}

export function isUnspaced(phrase: string): boolean {
  return UNSPACED_SCRIPT.test(phrase);
}

/** Folds and sorts phrases (longest first, so the most specific wins) and drops duplicates and blanks. */
export function phrasesOf(list: Iterable<string>): Phrases {
  const folded = [...new Set([...list].map(foldText).filter((p) => p !== ''))].sort((a, b) => b.length - a.length);
  return { spaced: folded.filter((p) => !isUnspaced(p)), unspaced: folded.filter(isUnspaced) };
}

/**
 * Each spaced phrase between spaces: made once per set of phrases (a set lives as long as its vocabulary)
 * instead of once per phrase on every call.
 */
const paddedSets = new WeakMap<Phrases, readonly string[]>();
function paddedOf(phrases: Phrases): readonly string[] {
  let padded = paddedSets.get(phrases);
  if (!padded) {
    padded = phrases.spaced.map((p) => ` ${p} `);
    paddedSets.set(phrases, padded);
  }
  return padded;
}

type Where = 'anywhere' | 'start' | 'end';

/** Whether `part` stands in `text` where asked (direct calls: a computed method name is several times slower). */
function standsAt(text: string, part: string, where: Where): boolean {
  if (where === 'start') return text.startsWith(part);
  return where === 'end' ? text.endsWith(part) : text.includes(part);
}

/**
 * The first phrase (longest first) found where asked. The folded text between spaces holds ` phrase `
 * anywhere, at its start or at its end exactly when the phrase stands there as whole words.
 */
function firstPhrase(folded: string, phrases: Phrases, where: Where): string | null {
  const text = ` ${folded} `;
  const padded = paddedOf(phrases);
  for (let i = 0; i < padded.length; i++)
    if (standsAt(text, padded[i] as string, where)) return phrases.spaced[i] as string;
  for (const p of phrases.unspaced) if (standsAt(folded, p, where)) return p;
  return null;
}

/** The first phrase (longest first) that occurs in the folded text, or null. */
export function phraseIn(folded: string, phrases: Phrases): string | null {
  return firstPhrase(folded, phrases, 'anywhere');
}

/** The phrase the folded text starts with, or null. */
export function phraseAtStart(folded: string, phrases: Phrases): string | null {
  return firstPhrase(folded, phrases, 'start');
}

/** The phrase the folded text ends with, or null. */
export function phraseAtEnd(folded: string, phrases: Phrases): string | null {
  return firstPhrase(folded, phrases, 'end');
}

/** Whether the folded text is exactly one of the phrases. */
export function isPhrase(folded: string, phrases: Phrases): boolean {
  return phrases.spaced.includes(folded) || phrases.unspaced.includes(folded);
}
