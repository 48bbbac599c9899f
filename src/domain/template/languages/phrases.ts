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
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** Lower case; every run of characters that are not letters, marks or digits becomes one space. */
export function foldText(text: string): string {
  let out = '';
  let space = true;
  // Turkish "İ" lowercases to "i" + a combining dot: fold it to the plain "i" the word lists use.
  for (const ch of text.toLowerCase().replaceAll('i\u0307', 'i')) {
    if (WORD_CHAR.test(ch)) {
      out += ch;
      space = false;
    } else if (!space) {
      out += ' ';
      space = true;
    }
  }
  return out.trimEnd();
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
 * Each spaced phrase between spaces, as phraseIn looks for it: made once per set of phrases (a set lives
 * as long as its vocabulary) instead of once per phrase on every call.
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

/** The first phrase (longest first) that occurs in the folded text, or null. */
export function phraseIn(folded: string, phrases: Phrases): string | null {
  const text = ` ${folded} `;
  const padded = paddedOf(phrases);
  for (let i = 0; i < padded.length; i++) if (text.includes(padded[i] as string)) return phrases.spaced[i] as string;
  for (const p of phrases.unspaced) if (folded.includes(p)) return p;
  return null;
}

/** The phrase the folded text starts with, or null. */
export function phraseAtStart(folded: string, phrases: Phrases): string | null {
  const padded = `${folded} `;
  for (const p of phrases.spaced) if (padded.startsWith(`${p} `)) return p;
  for (const p of phrases.unspaced) if (folded.startsWith(p)) return p;
  return null;
}

/** The phrase the folded text ends with, or null. */
export function phraseAtEnd(folded: string, phrases: Phrases): string | null {
  const padded = ` ${folded}`;
  for (const p of phrases.spaced) if (padded.endsWith(` ${p}`)) return p;
  for (const p of phrases.unspaced) if (folded.endsWith(p)) return p;
  return null;
}

/** Whether the folded text is exactly one of the phrases. */
export function isPhrase(folded: string, phrases: Phrases): boolean {
  return phrases.spaced.includes(folded) || phrases.unspaced.includes(folded);
}
