import { describe, expect, it } from '@jest/globals';
import { isDurationOrRange, parseDuration, recurringMinutes } from '../../src/config/durations.js';
import { MAX_CONFIG_BYTES, parseConfigYaml } from '../../src/config/load.js';

/**
 * Issue #12, finding 5: config values are untrusted, and a duration of 65,536 digits took 36 s (a
 * global regex, quadratic on digit runs), re-run by the config cache every few minutes. Each parser is
 * fed its worst inputs at two sizes eight times apart; linear code takes about 8 times as long,
 * quadratic code 64 times. We assert the ratio, never an absolute time.
 */

const REPEATS = 7;
/** The best of a few attempts: a busy machine can slow one size down, but never makes quadratic code look linear. */
const ATTEMPTS = 3;

/** Fastest of REPEATS runs of `run` (noise only ever adds time), in ms per call of `apply` inside it. */
function fastestMs(run: () => void, calls: number): number {
  let best = Infinity;
  for (let i = 0; i < REPEATS; i++) {
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6 / calls);
  }
  // A floor keeps timer resolution on tiny inputs from inflating the ratio.
  return Math.max(best, 0.01);
}

/**
 * Time of one call on the large input over time of one call on the small one. The small input is timed
 * over as many calls as the size ratio, so both measurements cover the same amount of text and see the
 * same garbage collection; linear code gives about `large / small`, quadratic code its square.
 */
function growth(
  make: (size: number) => string,
  apply: (text: string) => unknown,
  small: number,
  large: number,
): number {
  const a = make(small);
  const b = make(large);
  const times = Math.round(large / small);
  apply(a); // warm up the JIT
  apply(b);
  let best = Infinity;
  for (let i = 0; i < ATTEMPTS && best >= 20; i++) {
    const big = fastestMs(() => apply(b), 1);
    const little = fastestMs(() => {
      for (let k = 0; k < times; k++) apply(a);
    }, times);
    best = Math.min(best, big / little);
  }
  return best;
}

const durationInputs: Array<[string, (n: number) => string]> = [
  ['a run of digits', (n) => '9'.repeat(n)],
  ['digits then a bad unit', (n) => `${'9'.repeat(n)}x`],
  ['digits and spaces', (n) => '1 '.repeat(n / 2)],
  ['digits and dots', (n) => '1.'.repeat(n / 2)],
  ['repeated parts', (n) => '1m'.repeat(n / 2)],
  ['a range with a long bound', (n) => `1-${'9'.repeat(n)} days`],
  ['every with digits', (n) => `every ${'9'.repeat(n)}`],
];

// parseDuration refuses texts over MAX_DURATION_CHARS (200) outright; the growth is timed past that cap.
describe('config durations run in linear time (64k / 8k well under 64)', () => {
  it.each(durationInputs)('%s', (_name, make) => {
    const ratio = growth(
      make,
      (t) => [parseDuration(t), isDurationOrRange(t), recurringMinutes(t)],
      8 * 1024,
      64 * 1024,
    );
    expect(ratio).toBeLessThan(20);
  });

  it('a long digit run is not a duration (and says so rather than hanging)', () => {
    expect(parseDuration('9'.repeat(65_536))).toBeNull();
    expect(isDurationOrRange(`1-${'9'.repeat(65_536)} days`)).toBe(false);
  });
});

/** A config of about `size` bytes whose duration keys hold the worst duration text. */
const configInputs: Array<[string, (n: number) => string]> = [
  ['a duration key of digits', (n) => `reminders:\n  grace: "${'9'.repeat(n - 40)}"\n`],
  ['a repeat of digits then a unit', (n) => `reminders:\n  repeat: ${'9'.repeat(n - 40)}m\n`],
  [
    'status cadences of digits',
    (n) =>
      `status_updates:\n  every:\n${Array.from({ length: Math.floor(n / 1024) }, (_, i) => `    l${i}: "${'9'.repeat(1000)}"`).join('\n')}\n`,
  ],
  ['a deadline rule of digits', (n) => `deadlines:\n  - match: x\n    deadline: "every ${'9'.repeat(n - 60)}"\n`],
  ['many blank and comment lines', (n) => '#\n \n'.repeat(Math.floor(n / 4))],
  ['a long line of spaces', (n) => `${' '.repeat(n - 10)}x: 1\n`],
  ['a long report path', (n) => `reports:\n  path: "${'a/'.repeat(Math.floor((n - 40) / 2))}"\n`],
];

describe('the YAML config loader runs in linear time up to the 256 KiB limit', () => {
  it.each(configInputs)('%s', (_name, make) => {
    expect(make(MAX_CONFIG_BYTES).length).toBeLessThanOrEqual(MAX_CONFIG_BYTES);
    const ratio = growth(make, (t) => parseConfigYaml(t), MAX_CONFIG_BYTES / 8, MAX_CONFIG_BYTES);
    expect(ratio).toBeLessThan(20);
  });

  it('refuses a file over the limit before parsing it', () => {
    const { errors } = parseConfigYaml(`reminders:\n  grace: "${'9'.repeat(MAX_CONFIG_BYTES)}"\n`);
    expect(errors).toEqual([{ path: '(root)', message: 'the file is larger than 256 KiB' }]);
  });
});

describe('the size limit counts bytes', () => {
  it('refuses 256 Ki characters that take more than 256 KiB', () => {
    const text = `# ${'é'.repeat(MAX_CONFIG_BYTES / 2)}\n`;
    expect(text.length).toBeLessThan(MAX_CONFIG_BYTES);
    expect(parseConfigYaml(text).errors).toEqual([{ path: '(root)', message: 'the file is larger than 256 KiB' }]);
  });
});
