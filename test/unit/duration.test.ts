import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseDurationText } from '../../src/domain/template/deadlines.js';
import { parseDuration as parseConfigDuration } from '../../src/config/durations.js';
import { parseCommands } from '../../src/domain/commands/parse.js';
import { parseDuration } from '../../src/domain/shared/duration.js';
import { parseDeadlineCode } from '../../src/domain/template/deadlines.js';
import { seedPropertyRuns } from '../helpers/property-seed.js';

seedPropertyRuns();

/** One duration parser for templates, config and commands (issue #26): one table, one reading. */
describe('parseDuration', () => {
  it.each<[string, number | null]>([
    ['30s', 0.5],
    ['5m', 5],
    ['5 min', 5],
    ['2 hrs', 120],
    ['1h30m', 90],
    ['1 hour 30 minutes', 90],
    ['an hour', 60],
    ['one day', 1440],
    ['hour', 60],
    ['2 weeks', 20160],
    ['1.5h', 90],
    ['1.2345h', 74.07],
    ['immediately', 0],
    ['NOW', 0],
    ['90 Minutes', 90],
    ['soon', null],
    ['5 parsecs', null],
    ['5', null],
    ['h5', null],
    ['', null],
    ['a', null],
    ['hour hour', null],
    ['as', null],
    ['anhour', null],
  ])('%j -> %s', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes);
  });

  it('agrees with parseDurationText on generated durations and near-misses', () => {
    const unit = fc.constantFrom(
      's',
      'sec',
      'secs',
      'm',
      'min',
      'mins',
      'minutes',
      'h',
      'hr',
      'hrs',
      'hour',
      'hours',
      'd',
      'day',
      'days',
      'w',
      'wk',
      'weeks',
      'x',
      'mn',
    );
    const space = fc.constantFrom('', ' ', '  ');
    // A word number is its own word: the old parser also read "as" as "a s" (one second) and "anhour" as an hour.
    const number = fc.oneof(
      fc
        .tuple(fc.oneof(fc.integer({ min: 0, max: 9999 }).map(String), fc.constantFrom('1.5', '0.25')), space)
        .map((p) => p.join('')),
      fc.constantFrom('a ', 'an ', 'one '),
    );
    const part = fc.tuple(number, unit, space).map((p) => p.join(''));
    const text = fc.array(part, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('').trim());
    fc.assert(
      fc.property(text, (t) => {
        expect(parseDuration(t)).toBe(parseDurationText(t));
      }),
      { numRuns: 2000 },
    );
  });

  // Before, `1.2345h` was 74 minutes in the config and refused by `/incident snooze`: three parsers, two tables.
  it.each<[string, number]>([
    ['1.2345h', 74.07],
    ['1.5h', 90],
    ['45 min', 45],
    ['1h30m', 90],
    ['2 days', 2880],
  ])('%j reads the same in the config, a deadline code span and `/incident snooze`', (text, minutes) => {
    expect(parseConfigDuration(text)).toBe(minutes);
    const code = parseDeadlineCode({ code: text, defaultAnchor: 'start' });
    expect(code.kind === 'deadline' ? code.deadline.maxMinutes : null).toBe(minutes);
    expect(parseCommands({ body: `/incident snooze 2 ${text}`, prefix: '/incident', levels: [] })).toMatchObject([
      { ok: true, command: { verb: 'snooze', minutes } },
    ]);
  });
});
