import { describe, expect, it } from '@jest/globals';
import { performance } from 'node:perf_hooks';
import { parseIncident } from '../../src/domain/template/checklist.js';
import {
  deadlineLookalikes,
  findDeadlinePhrase,
  headingDeadline,
  parseDeadlineCode,
  parseDurationText,
} from '../../src/domain/template/deadlines.js';
import { matchSeverity } from '../../src/domain/template/severity.js';
import { parseTimestamp } from '../../src/domain/template/timestamps.js';
import { defaultParseOptions } from '../helpers/options.js';

/**
 * Every reader of untrusted text must run in linear time on anything GitHub can send. Growth, not
 * absolute time: each worst input is timed at 8k and at GitHub's 65,536-character body limit, and
 * the ratio must stay far below the 64 a quadratic reader would show (linear is about 8; MAX_RATIO).
 * https://docs.github.com/en/rest/issues/issues#create-an-issue (body)
 */
const GITHUB_BODY_LIMIT = 65_536;
const SMALL = GITHUB_BODY_LIMIT / 8;
/**
 * Linear is about 8 and n log n about 11; garbage collection of a larger heap under jest was seen to
 * lift a linear reader to 24 on a loaded machine. A quadratic reader shows 50 to 64.
 */
const MAX_RATIO = 28;
/** Rounds per size: a garbage collection of the whole heap can land in any one round; the fastest round has none. */
const ROUNDS = 7;
const options = defaultParseOptions();
const levels = options.levels;

/** `unit` repeated to exactly `size` characters. */
const fill = (unit: string, size: number): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** Milliseconds per call of one round: calls repeated until 20 ms have passed. */
function roundTime(run: () => unknown): number {
  let calls = 0;
  const start = performance.now();
  let elapsed: number;
  do {
    run();
    calls += 1;
    elapsed = performance.now() - start;
  } while (elapsed < 20);
  return elapsed / calls;
}

/**
 * Time at 64k over time at 8k. The machine is shared, so other work only ever adds time: the rounds
 * alternate between the sizes and the fastest round of each counts.
 */
function growth(read: (text: string) => unknown, input: (size: number) => string): number {
  const small = input(SMALL);
  const large = input(GITHUB_BODY_LIMIT);
  read(small);
  read(large);
  let bestSmall = Infinity;
  let bestLarge = Infinity;
  for (let round = 0; round < ROUNDS; round += 1) {
    bestSmall = Math.min(
      bestSmall,
      roundTime(() => read(small)),
    );
    bestLarge = Math.min(
      bestLarge,
      roundTime(() => read(large)),
    );
  }
  const ratio = bestLarge / bestSmall;
  if (process.env.SHOW_GROWTH === '1') process.stdout.write(`${ratio.toFixed(1)}\n`);
  return ratio;
}

/**
 * The growth, measured again while it is over the bound (at most three times): a loaded machine lifted
 * a linear reader over it once in a whole-suite run, but a quadratic one is over it every time.
 */
function settledGrowth(read: (text: string) => unknown, input: (size: number) => string): number {
  let ratio = growth(read, input);
  for (let attempt = 1; attempt < 3 && ratio >= MAX_RATIO; attempt += 1) ratio = Math.min(ratio, growth(read, input));
  return ratio;
}

/** The shapes that make a backtracking reader quadratic: long runs its patterns start in and fail late in. */
const WORST_TEXT: Array<[string, (size: number) => string]> = [
  ['a run of digits', (n) => fill('1', n)],
  ['digits and spaces', (n) => fill('1 ', n)],
  ['durations without an end', (n) => fill('1h ', n)],
  ['"within" over and over', (n) => fill('within 1 ', n)],
  ['"every" over and over', (n) => fill('every ', n)],
  ['"in the first" over and over', (n) => fill('in the first ', n)],
  ['open parentheses', (n) => fill('(', n)],
  ['T+ without digits', (n) => fill('T+', n)],
  ['level words and slashes', (n) => fill('sev-1/', n)],
  ['a level word and spaces', (n) => fill('high ', n)],
  ['comment openers', (n) => fill('<!--', n)],
  ['a date without a time', (n) => `2026-11-28 ${fill('1', n - 11)}`],
  ['a timestamp with a long zone', (n) => `2026-11-28 23:10 ${fill('a', n - 17)}`],
];

const FIELD_SHAPES = WORST_TEXT.filter(([name]) =>
  [
    'digits and spaces',
    'durations without an end',
    'open parentheses',
    'level words and slashes',
    'comment openers',
    'a timestamp with a long zone',
  ].includes(name),
);

const WORST_BODY: Array<[string, (size: number) => string]> = [
  ...WORST_TEXT.map(([name, text]): [string, (size: number) => string] => [
    `a step of ${name}`,
    (n) => `- [ ] ${text(n - 6)}`,
  ]),
  // The field and heading readers see the same text as the readers tested one by one below; these
  // check the way there (labels, comments, parentheticals).
  ...FIELD_SHAPES.map(([name, text]): [string, (size: number) => string] => [
    `a severity of ${name}`,
    (n) => `**Severity:** ${text(n - 14)}`,
  ]),
  ...FIELD_SHAPES.map(([name, text]): [string, (size: number) => string] => [
    `an impact start of ${name}`,
    (n) => `Impact start: ${text(n - 14)}`,
  ]),
  ...FIELD_SHAPES.map(([name, text]): [string, (size: number) => string] => [
    `a heading of ${name}`,
    (n) => `## ${text(n - 11)}\n- [ ] x`,
  ]),
  ['one long pick-one list', (n) => `**Severity:**\n${fill('- [ ] sev1\n', n - 14)}`],
  ['many labelled lists', (n) => fill('Detected by:\n- [ ] a\n\n', n)],
  ['a two-column table', (n) => `| a | b |\n| - | - |\n${fill('| **Severity** | P2 |\n', n - 20)}`],
  [
    'an action-item table',
    (n) => `## Action items\n\n| Action | Owner |\n| - | - |\n${fill('| TBD | @a |\n', n - 46)}`,
  ],
  ['placeholder items', (n) => `## Action items\n${fill('- [ ] ....\n', n - 16)}`],
  ['timing headings', (n) => fill('## First 15 minutes\n- [ ] x\n', n)],
];

describe('linear time at GitHub size (time at 64k / time at 8k)', () => {
  it.each(WORST_BODY)('parseIncident: %s', (_name, input) => {
    expect(input(GITHUB_BODY_LIMIT).length).toBe(GITHUB_BODY_LIMIT);
    expect(settledGrowth((body) => parseIncident({ body, options }), input)).toBeLessThan(MAX_RATIO);
  });

  it.each(WORST_TEXT)(
    'findDeadlinePhrase, deadlineLookalikes, parseDeadlineCode, headingDeadline: %s',
    (_name, input) => {
      const read = (text: string): void => {
        findDeadlinePhrase({ text, defaultAnchor: 'start' });
        deadlineLookalikes(text);
        parseDeadlineCode({ code: text, defaultAnchor: 'start' });
        headingDeadline({ text, defaultAnchor: 'start' });
        parseDurationText(text);
      };
      expect(settledGrowth(read, input)).toBeLessThan(MAX_RATIO);
    },
  );

  it.each(WORST_TEXT)('matchSeverity: %s', (_name, input) => {
    expect(settledGrowth((text) => matchSeverity({ text, levels }), input)).toBeLessThan(MAX_RATIO);
  });

  it.each(WORST_TEXT)('parseTimestamp: %s', (_name, input) => {
    expect(settledGrowth((text) => parseTimestamp(text), input)).toBeLessThan(MAX_RATIO);
  });

  it('control: a quadratic reader (a scan from every 64th character) is over the bound', () => {
    const quadratic = (text: string): number => {
      let found = 0;
      for (let i = 0; i < text.length; i += 64) found += text.indexOf('\u0000', i);
      return found;
    };
    expect(settledGrowth(quadratic, (n) => fill('a', n))).toBeGreaterThanOrEqual(MAX_RATIO);
  });
});
