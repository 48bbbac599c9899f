import { describe, expect, it } from '@jest/globals';
import {
  foldText,
  phraseAtEnd,
  phraseAtStart,
  phraseIn,
  phrasesOf,
} from '../../src/domain/template/languages/phrases.js';

describe('foldText: lower case, each run of non-letters one space, none at the ends', () => {
  it.each([
    ['', ''],
    ['  --  ', ''],
    ['Check the **dashboards**!', 'check the dashboards'],
    ['  Step 12: roll-back_now... ', 'step 12 roll back now'],
    ['TAB\tand\nnewline', 'tab and newline'],
    // Non-ASCII text takes the Unicode path: letters, marks and digits of every script are kept.
    ['Störungsbeginn (UTC):', 'störungsbeginn utc'],
    ['重要度（必須）', '重要度 必須'],
    ['e\u0301tat — ٣ jours', 'e\u0301tat ٣ jours'],
    ['İSTANBUL', 'istanbul'],
    // The Kelvin sign lower-cases to an ASCII "k": either path gives the same.
    ['\u212Aelvin', 'kelvin'],
    ['ready 😀 go', 'ready go'],
  ])('%j -> %j', (text, folded) => {
    expect(foldText(text)).toBe(folded);
  });
});

describe('phrase matching on folded text', () => {
  const phrases = phrasesOf(['action items', 'if', '重要度']);
  it.each([
    ['phraseIn', phraseIn('open action items here', phrases), 'action items'],
    ['phraseIn, not inside a word', phraseIn('transactions items', phrases), null],
    ['phraseIn, unspaced', phraseIn('重要度 必須', phrases), '重要度'],
    ['phraseAtStart', phraseAtStart('if the database is down', phrases), 'if'],
    ['phraseAtStart, not a prefix of a word', phraseAtStart('iffy', phrases), null],
    ['phraseAtEnd', phraseAtEnd('list the action items', phrases), 'action items'],
    ['phraseAtEnd, not a suffix of a word', phraseAtEnd('motif', phrases), null],
  ])('%s', (_name, found, expected) => {
    expect(found).toBe(expected);
  });
});
