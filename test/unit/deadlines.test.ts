import { describe, expect, it } from '@jest/globals';
import {
  combineDeadlines,
  deadlineLookalikes,
  findDeadlinePhrase,
  headingDeadline,
  formatDeadline,
  parseDeadlineCode,
  parseDurationText,
  variantLabel,
} from '../../src/domain/template/deadlines.js';
import type { Anchor, Deadline } from '../../src/domain/template/types.js';

const d = (min: number, max = min, anchor: Anchor = 'start', every: number | null = null): Deadline => ({
  anchor,
  minMinutes: min,
  maxMinutes: max,
  everyMinutes: every,
  variants: null,
});

describe('parseDeadlineCode: every form of the grammar', () => {
  it.each<[string, Deadline]>([
    ['immediately', d(0)],
    ['Immediately', d(0)],
    ['now', d(0)],
    ['asap', d(0)],
    ['30 s', d(0.5)],
    ['90 sec', d(1.5)],
    ['5 m', d(5)],
    ['5m', d(5)],
    ['15 min', d(15)],
    ['15 mins', d(15)],
    ['45 minutes', d(45)],
    ['1 minute', d(1)],
    ['4 h', d(240)],
    ['4 hr', d(240)],
    ['4 hrs', d(240)],
    ['1 hour', d(60)],
    ['12 hours', d(720)],
    ['1.5 hours', d(90)],
    ['1h30m', d(90)],
    ['1 h 30 min', d(90)],
    ['2 d', d(2880)],
    ['1 day', d(1440)],
    ['3 days', d(4320)],
    ['1 week', d(10080)],
    ['an hour', d(60)],
    ['1-2 days', d(1440, 2880)],
    ['24-48 hours', d(1440, 2880)],
    ['24 - 48 hours', d(1440, 2880)],
    ['1 to 2 days', d(1440, 2880)],
    ['30 min - 2 hours', d(30, 120)],
    ['1–2 days', d(1440, 2880)],
    ['within 4 hrs', d(240)],
    ['every 30 min', d(30, 30, 'start', 30)],
    ['every 30 minutes', d(30, 30, 'start', 30)],
    ['every hour', d(60, 60, 'start', 60)],
    ['every 2h', d(120, 120, 'start', 120)],
    ['2h after mitigation', d(120, 120, 'mitigated')],
    ['1 day after resolution', d(1440, 1440, 'resolved')],
    ['1-2 days of incident resolution', d(1440, 2880, 'resolved')],
    ['30 min after acknowledgement', d(30, 30, 'acknowledged')],
    ['30 min after ack', d(30, 30, 'acknowledged')],
    ['immediately after mitigation', d(0, 0, 'mitigated')],
    ['4 hrs from start', d(240)],
    ['2 days after the incident is resolved', d(2880, 2880, 'resolved')],
  ])('`%s`', (code, expected) => {
    expect(parseDeadlineCode({ code, defaultAnchor: 'start' })).toEqual({ kind: 'deadline', deadline: expected });
  });

  it('takes the default anchor of the section (resolved after the incident)', () => {
    expect(parseDeadlineCode({ code: '1-2 days', defaultAnchor: 'resolved' })).toEqual({
      kind: 'deadline',
      deadline: d(1440, 2880, 'resolved'),
    });
    expect(parseDeadlineCode({ code: '4 hrs after mitigation', defaultAnchor: 'resolved' })).toEqual({
      kind: 'deadline',
      deadline: d(240, 240, 'mitigated'),
    });
  });
});

describe('parseDeadlineCode: bad forms', () => {
  it.each([
    ['4 hrz', 'invalid'],
    ['2 months', 'invalid'],
    ['every blue moon', 'invalid'],
    ['within reason', 'invalid'],
    ['2-1 days', 'invalid'],
    ['5-3', 'invalid'],
    ['every 0 min', 'invalid'],
    ['#incident-YYYY-MM-DD', 'none'],
    ['1. What happened(timeline)?', 'none'],
    ['description', 'none'],
    ['kubectl logs -n app', 'none'],
    ['', 'none'],
    ['4'.repeat(200), 'none'],
  ])('`%s` is %s', (code, kind) => {
    const parsed = parseDeadlineCode({ code, defaultAnchor: 'start' });
    expect(parsed.kind).toBe(kind);
    if (parsed.kind === 'invalid') expect(parsed.message).toMatch(/e\.g\.|interval|range/);
  });
});

describe('findDeadlinePhrase: prose', () => {
  it.each<[string, Deadline | null]>([
    ['Within 24-48 hours of incident resolution, schedule a review meeting.', d(1440, 2880, 'resolved')],
    ['Provide updates to the channel every 30 minutes.', d(30, 30, 'start', 30)],
    ['Post an update every hour until resolved.', d(60, 60, 'start', 60)],
    ['Page the owner within 15 minutes', d(15)],
    ['Confirm within an hour.', d(60)],
    ['Send the summary 2 days after resolution.', d(2880, 2880, 'resolved')],
    ['Do it within the next 2 hours after mitigation', d(120, 120, 'mitigated')],
    ['If the incident is lasting more than 60 minutes, notify the agencies.', null],
    ['Full downtime for more than 30 minutes', null],
    ['Respond as soon as possible', null],
    ['Within reason, keep notes.', null],
    ['every step matters', null],
    ['Everyone within earshot joins.', null],
  ])('%s', (text, expected) => {
    const parsed = findDeadlinePhrase({ text, defaultAnchor: 'start' });
    expect(parsed).toEqual(expected === null ? { kind: 'none' } : { kind: 'deadline', deadline: expected });
  });

  it('stays fast and finds a phrase in very long prose', () => {
    const text = `${'word '.repeat(20000)}. Finish within 2 hours.`;
    expect(findDeadlinePhrase({ text, defaultAnchor: 'start' })).toEqual({ kind: 'deadline', deadline: d(120) });
  });
});

describe('variantLabel', () => {
  it.each([
    [' Daytime: ask support', 'daytime'],
    [' daytime - ask', 'daytime'],
    [' During business hours: x', 'daytime'],
    [' Off-hours: follow the playbook', 'off-hours'],
    [' off hours', 'off-hours'],
    [' Out of hours: page', 'off-hours'],
    [' After-hours: page', 'off-hours'],
    [' Weekends: page', 'off-hours'],
    [' Confirm the ticket', null],
  ])('%j -> %s', (text, expected) => {
    expect(variantLabel(text)).toBe(expected);
  });
});

describe('combineDeadlines: the earliest per variant', () => {
  it.each<[string, Parameters<typeof combineDeadlines>[0], Deadline | null]>([
    ['nothing', [], null],
    ['one unlabeled', [{ deadline: d(240), variant: null }], d(240)],
    [
      'earliest unlabeled',
      [
        { deadline: d(240), variant: null },
        { deadline: d(60), variant: null },
      ],
      d(60),
    ],
    [
      'two pairs of variants (the seed 000 shape)',
      [
        { deadline: d(240), variant: 'daytime' },
        { deadline: d(480), variant: 'off-hours' },
        { deadline: d(480), variant: 'daytime' },
        { deadline: d(720), variant: 'off-hours' },
      ],
      { ...d(240, 480), variants: { daytime: 240, 'off-hours': 480 } },
    ],
    [
      'only daytime: off-hours gets the same',
      [{ deadline: d(120), variant: 'daytime' }],
      { ...d(120, 120), variants: { daytime: 120, 'off-hours': 120 } },
    ],
    [
      'an unlabeled earlier deadline applies to both',
      [
        { deadline: d(240), variant: 'daytime' },
        { deadline: d(600), variant: 'off-hours' },
        { deadline: d(300), variant: null },
      ],
      { ...d(240, 300), variants: { daytime: 240, 'off-hours': 300 } },
    ],
  ])('%s', (_name, candidates, expected) => {
    expect(combineDeadlines(candidates)).toEqual(expected);
  });
});

describe('parseDurationText', () => {
  it.each([
    ['2h', 120],
    ['1 hour 30 min', 90],
    ['hour', 60],
    ['day', 1440],
    ['2 parsecs', null],
    ['soon', null],
    ['2h and more', null],
  ])('%s -> %s', (text, minutes) => {
    expect(parseDurationText(text)).toBe(minutes);
  });
});

describe('formatDeadline round-trips through the grammar', () => {
  it.each<Deadline>([
    d(0),
    d(0, 0, 'mitigated'),
    d(15),
    d(90),
    d(240),
    d(1440, 2880),
    d(1440, 2880, 'resolved'),
    d(30, 30, 'start', 30),
    d(0.5),
    d(2880, 2880, 'acknowledged'),
  ])('%j', (deadline) => {
    expect(parseDeadlineCode({ code: formatDeadline(deadline), defaultAnchor: 'start' })).toEqual({
      kind: 'deadline',
      deadline,
    });
  });

  it('formats variants readably', () => {
    expect(formatDeadline({ ...d(240, 480), variants: { daytime: 240, 'off-hours': 480 } })).toBe(
      '4 hrs daytime / 8 hrs off-hours',
    );
  });
});

const biz = (days: number, anchor: Anchor = 'start'): Deadline => ({
  ...d(days * 1440, days * 1440, anchor),
  businessDays: days,
});

describe('findDeadlinePhrase: the phrases templates use (#15)', () => {
  it.each<[string, Deadline | null]>([
    ['Pick a lead within the first hour', d(60)],
    ['Open the bridge T+15m', d(15)],
    ['Page the database team (T+15)', d(15)],
    ['Post in the channel (15m)', d(15)],
    ['Write a summary in 15 minutes', d(15)],
    ['Write a summary in 15 minutes and share it', d(15)],
    ['Write a summary in 15 minutes, then share it', d(15)],
    ['Close the bridge in 2 days after resolution', d(2880, 2880, 'resolved')],
    ['Check the error rate in 5 min windows', null],
    ['Acknowledge the page < 15 min', d(15)],
    ['ASAP: freeze deployments', d(0)],
    ['Immediately stop the batch jobs', d(0)],
    ['Post hourly updates', d(60, 60, 'start', 60)],
    ['Answer the customer next business day', biz(1)],
    ['Ship the fix within 5 business days of resolution', biz(5, 'resolved')],
    ['Ship the fix within 3 working days', biz(3)],
    ['Restore the service, SLA: 4h', d(240)],
    // A parenthetical counts only when it is a deadline and nothing else.
    ['Book the review room (can be started within 48 hours)', null],
    ['Book the review room (within 48 hours)', d(2880)],
    ['Escalate if not fixed immediately', null],
  ])('%s', (text, expected) => {
    const parsed = findDeadlinePhrase({ text, defaultAnchor: 'start' });
    expect(parsed).toEqual(expected === null ? { kind: 'none' } : { kind: 'deadline', deadline: expected });
  });
});

describe('parseDeadlineCode: the forms beside the grammar', () => {
  it.each<[string, Deadline]>([
    ['T+15m', d(15)],
    ['T+15', d(15)],
    ['T + 2h', d(120)],
    ['SLA: 4h', d(240)],
    ['< 15 min', d(15)],
    ['≤ 1 hr', d(60)],
    ['within the first hour', d(60)],
    ['in the next 15 minutes', d(15)],
    ['hourly', d(60, 60, 'start', 60)],
    ['daily', d(1440, 1440, 'start', 1440)],
    ['next business day', biz(1)],
    ['5 business days after resolution', biz(5, 'resolved')],
  ])('`%s`', (code, expected) => {
    expect(parseDeadlineCode({ code, defaultAnchor: 'start' })).toEqual({ kind: 'deadline', deadline: expected });
  });

  it.each<[string, RegExp]>([
    ['1 hr after mitigaton', /counts from a moment the app does not know/],
    ['15 minz', /looks like a deadline/],
    ['3 fortnights', /seconds, minutes, hours, days and weeks/],
    ['EOD', /time of day/],
    ['tomorrow', /time of day/],
    ['T-5 days', /counts back/],
  ])('`%s` is invalid: %s', (code, message) => {
    const parsed = parseDeadlineCode({ code, defaultAnchor: 'start' });
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind === 'invalid') expect(parsed.message).toMatch(message);
  });

  it.each(['2 replicas', '4xx', 'v1.2', 'kubectl get pods'])('`%s` is no deadline and no warning', (code) => {
    expect(parseDeadlineCode({ code, defaultAnchor: 'start' }).kind).toBe('none');
  });
});

describe('headingDeadline: headings that time the steps below them', () => {
  it.each<[string, Deadline | null]>([
    ['Immediate', d(0)],
    ['Immediate actions', d(0)],
    ['ASAP', d(0)],
    ['First 15 minutes', d(15)],
    ['First hour', d(60)],
    ['Initial triage (first 5–10 minutes)', d(5, 10)],
    ['Within 1 hour', d(60)],
    ['T+15', d(15)],
    ['0-15 min', d(0, 15)],
    ['Initial Response', null],
    ['During the incident', null],
    ['After the incident', null],
    ['Medium/High incidents', null],
  ])('%s', (text, expected) => {
    expect(headingDeadline({ text, defaultAnchor: 'start' })).toEqual(expected);
  });

  it('takes the section anchor', () => {
    expect(headingDeadline({ text: 'Within 2 days', defaultAnchor: 'resolved' })).toEqual(d(2880, 2880, 'resolved'));
  });
});

describe('deadlineLookalikes: prose that looks like a deadline but cannot be timed', () => {
  it.each<[string, RegExp | null]>([
    ['Call the vendor back 15 minz', /"15 minz" looks like a deadline but "minz" is not a unit/],
    ['Publish the fix by EOD', /"EOD" names a time of day/],
    ['Send the digest, due tomorrow', /"tomorrow" names a time of day/],
    ['Rotate the keys within 3 fortnights', /"3 fortnights" is not a deadline/],
    ['Announce the freeze T-5 days before the release', /"T-5 days" counts back/],
    ['Warn customers 2 hours before the maintenance', /"2 hours before" counts back/],
    ['Check the 2 minor alerts', null],
    ['If it lasts more than 60 minutes, page', null],
    ['Tell them we will call tomorrow', null],
  ])('%s', (text, expected) => {
    const found = deadlineLookalikes(text);
    if (expected === null) expect(found).toEqual([]);
    else expect(found).toEqual([expect.stringMatching(expected)]);
  });
});

describe('words that are keys of Object.prototype', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('%s is no deadline anywhere', (word) => {
    expect(parseDeadlineCode({ code: word, defaultAnchor: 'start' })).toEqual({ kind: 'none' });
    expect(findDeadlinePhrase({ text: word, defaultAnchor: 'start' })).toEqual({ kind: 'none' });
    expect(headingDeadline({ text: word, defaultAnchor: 'start' })).toBeNull();
  });
});
