/**
 * Runbook steps are matched across incidents by their text, normalised, and nothing fuzzier:
 *
 * 1. Unicode NFKC (full-width letters, ligatures and compatibility forms become their plain form),
 * 2. lower case,
 * 3. every run of characters that are not letters or digits (punctuation, markdown, emoji, spaces)
 *    becomes one space, and the ends are trimmed.
 *
 * So "Post the first status update (/incident status ...)" and "post the first status update:
 * /incident status" are one step, but "Post a first status update" is another. Fuzzy matching would
 * merge steps that differ in what matters ("Notify support" / "Notify customers"), and a reworded step
 * is a runbook change the team made on purpose: its history starts again.
 */
export function stepKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
