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
 * Each spaced phrase as phraseIn, phraseAtStart and phraseAtEnd look for it (between spaces, before one,
 * after one): made once per set of phrases (a set lives as long as its vocabulary) instead of once per
 * phrase on every call.
 */
interface Padded {
  readonly inner: readonly string[];
  readonly start: readonly string[];
  readonly end: readonly string[];
}
const paddedSets = new WeakMap<Phrases, Padded>();
function paddedOf(phrases: Phrases): Padded {
  let padded = paddedSets.get(phrases);
  if (!padded) {
    padded = {
      inner: phrases.spaced.map((p) => ` ${p} `),
      start: phrases.spaced.map((p) => `${p} `),
      end: phrases.spaced.map((p) => ` ${p}`),
    };
    paddedSets.set(phrases, padded);
  }
  return padded;
}

/** The first phrase (longest first) of `padded` the test finds, then of the unspaced ones. */
function firstOf(params: {
  phrases: Phrases;
  padded: readonly string[];
  spacedTest: (padded: string) => boolean;
  unspacedTest: (phrase: string) => boolean;
}): string | null {
  const { phrases, padded } = params;
  for (let i = 0; i < padded.length; i++)
    if (params.spacedTest(padded[i] as string)) return phrases.spaced[i] as string;
  for (const p of phrases.unspaced) if (params.unspacedTest(p)) return p;
  return null;
}

/** The first phrase (longest first) that occurs in the folded text, or null. */
export function phraseIn(folded: string, phrases: Phrases): string | null {
  const text = ` ${folded} `;
  return firstOf({
    phrases,
    padded: paddedOf(phrases).inner,
    spacedTest: (p) => text.includes(p),
    unspacedTest: (p) => folded.includes(p),
  });
}

/** The phrase the folded text starts with, or null. */
export function phraseAtStart(folded: string, phrases: Phrases): string | null {
  const text = `${folded} `;
  return firstOf({
    phrases,
    padded: paddedOf(phrases).start,
    spacedTest: (p) => text.startsWith(p),
    unspacedTest: (p) => folded.startsWith(p),
  });
}

/** The phrase the folded text ends with, or null. */
export function phraseAtEnd(folded: string, phrases: Phrases): string | null {
  const text = ` ${folded}`;
  return firstOf({
    phrases,
    padded: paddedOf(phrases).end,
    spacedTest: (p) => text.endsWith(p),
    unspacedTest: (p) => folded.endsWith(p),
  });
}

/** Whether the folded text is exactly one of the phrases. */
export function isPhrase(folded: string, phrases: Phrases): boolean {
  return phrases.spaced.includes(folded) || phrases.unspaced.includes(folded);
}
