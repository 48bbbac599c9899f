/**
 * Trimming a set of characters from the ends of a string, by scanning: the regex forms (`/[-_]+$/`)
 * restart at every position of a long run that does not end the string, which is quadratic on
 * untrusted text.
 */
const WHITESPACE = ' \t\n\r\f\v\u00a0\u2028\u2029\ufeff';

function member(set: string, c: string): boolean {
  return set.includes(c) || (set.includes(' ') && WHITESPACE.includes(c)) || (set.includes(' ') && /\s/.test(c));
}

/** The text without trailing characters from `set` (a space in the set stands for any white space). */
export function trimTrailing(text: string, set: string): string {
  let end = text.length;
  while (end > 0 && member(set, text[end - 1] ?? '')) end -= 1;
  return text.slice(0, end);
}

/** The text without leading characters from `set` (a space in the set stands for any white space). */
export function trimLeading(text: string, set: string): string {
  let start = 0;
  while (start < text.length && member(set, text[start] ?? '')) start += 1;
  return text.slice(start);
}

export function trimChars(text: string, set: string): string {
  return trimLeading(trimTrailing(text, set), set);
}

/** The run of ASCII letters that ends the text (after trailing white space), or ''. */
export function trailingLetters(text: string): string {
  const trimmed = text.trimEnd();
  let start = trimmed.length;
  while (start > 0 && /[a-z]/i.test(trimmed[start - 1] ?? '')) start -= 1;
  return trimmed.slice(start);
}
