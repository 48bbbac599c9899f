import { describe, expect, it, jest } from '@jest/globals';
import { businessDueAt, isBusinessTime } from '../../src/domain/template/business-hours.js';
import type { BusinessHours } from '../../src/domain/template/types.js';

const WEEKDAYS_9_TO_5: BusinessHours = {
  timezone: 'UTC',
  days: [1, 2, 3, 4, 5],
  startMinute: 9 * 60,
  endMinute: 17 * 60,
};

describe('isBusinessTime', () => {
  it.each<[string, string, Partial<BusinessHours>, boolean]>([
    ['Monday 09:00 UTC: start is inclusive', '2026-11-23T09:00:00Z', {}, true],
    ['Monday 08:59 UTC: before the start', '2026-11-23T08:59:00Z', {}, false],
    ['Monday 16:59 UTC: last minute', '2026-11-23T16:59:59Z', {}, true],
    ['Monday 17:00 UTC: end is exclusive', '2026-11-23T17:00:00Z', {}, false],
    ['Saturday noon', '2026-11-28T12:00:00Z', {}, false],
    ['Sunday noon', '2026-11-29T12:00:00Z', {}, false],
    ['New York 09:30 (14:30 UTC)', '2026-11-23T14:30:00Z', { timezone: 'America/New_York' }, true],
    ['New York 08:30 (13:30 UTC)', '2026-11-23T13:30:00Z', { timezone: 'America/New_York' }, false],
    ['New York 17:00 is 22:00 UTC', '2026-11-23T22:00:00Z', { timezone: 'America/New_York' }, false],
    // The weekday is the local one: Tuesday 03:00 UTC is still Monday evening in New York.
    [
      'New York Monday 22:00 (Tuesday 03:00 UTC), Monday evenings',
      '2026-11-24T03:00:00Z',
      { timezone: 'America/New_York', days: [1], startMinute: 21 * 60, endMinute: 23 * 60 },
      true,
    ],
    [
      'New York Monday 22:00 (Tuesday 03:00 UTC), Tuesday evenings',
      '2026-11-24T03:00:00Z',
      { timezone: 'America/New_York', days: [2], startMinute: 21 * 60, endMinute: 23 * 60 },
      false,
    ],
    // Berlin is UTC+1 until the last Sunday of March 2026 (the 29th), UTC+2 after it.
    [
      'Berlin winter 08:30 (07:30 UTC, Friday before DST)',
      '2026-03-27T07:30:00Z',
      { timezone: 'Europe/Berlin' },
      false,
    ],
    ['Berlin summer 09:30 (07:30 UTC, Monday after DST)', '2026-03-30T07:30:00Z', { timezone: 'Europe/Berlin' }, true],
    ['Berlin winter 09:00 (08:00 UTC)', '2026-03-02T08:00:00Z', { timezone: 'Europe/Berlin' }, true],
    ['Berlin summer 16:30 (14:30 UTC)', '2026-07-06T14:30:00Z', { timezone: 'Europe/Berlin' }, true],
    [
      'Berlin summer 17:30 (15:30 UTC), still 16:30 in winter time',
      '2026-07-06T15:30:00Z',
      { timezone: 'Europe/Berlin' },
      false,
    ],
    ['Kolkata 09:00 (03:30 UTC): half-hour offset', '2026-11-23T03:30:00Z', { timezone: 'Asia/Kolkata' }, true],
    ['Kolkata 08:59 (03:29 UTC): half-hour offset', '2026-11-23T03:29:00Z', { timezone: 'Asia/Kolkata' }, false],
    ['Sunday-only team on Sunday', '2026-11-29T10:00:00Z', { days: [7] }, true],
    ['Sunday-only team on Monday', '2026-11-23T10:00:00Z', { days: [7] }, false],
    ['Sunday-only team on Saturday', '2026-11-28T10:00:00Z', { days: [7] }, false],
    ['local midnight counts as minute 0', '2026-11-23T00:00:00Z', { startMinute: 0, endMinute: 60 }, true],
    [
      'the minute before local midnight',
      '2026-11-23T23:59:00Z',
      { days: [1, 2], startMinute: 0, endMinute: 60 },
      false,
    ],
    ['no working days', '2026-11-23T10:00:00Z', { days: [] }, false],
  ])('%s', (_name, iso, over, expected) => {
    expect(isBusinessTime({ at: new Date(iso), hours: { ...WEEKDAYS_9_TO_5, ...over } })).toBe(expected);
  });

  it('builds one formatter per time zone, not one per call', () => {
    const spy = jest.spyOn(Intl, 'DateTimeFormat');
    try {
      // A zone no other test uses, so the first call here is the one that builds its formatter.
      const hours = { ...WEEKDAYS_9_TO_5, timezone: 'Pacific/Auckland' };
      const results = ['2026-11-22T21:00:00Z', '2026-11-22T19:00:00Z', '2026-11-23T05:00:00Z'].map((iso) =>
        isBusinessTime({ at: new Date(iso), hours }),
      );
      expect(results).toEqual([true, false, false]); // 10:00 Mon, 08:00 Mon, 18:00 Mon (NZDT, UTC+13)
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('rejects an unknown time zone loudly instead of guessing one', () => {
    expect(() =>
      isBusinessTime({ at: new Date('2026-11-23T10:00:00Z'), hours: { ...WEEKDAYS_9_TO_5, timezone: 'Mars/Olympus' } }),
    ).toThrow(RangeError);
  });
});

describe('businessDueAt: business days follow business_hours', () => {
  it.each<[string, string, number, Partial<BusinessHours>, string]>([
    ['next business day from a Monday', '2026-11-23T10:00:00Z', 1, {}, '2026-11-24T17:00:00.000Z'],
    ['next business day from a Friday evening is Monday', '2026-11-27T20:00:00Z', 1, {}, '2026-11-30T17:00:00.000Z'],
    ['next business day from a Saturday is Monday', '2026-11-28T12:00:00Z', 1, {}, '2026-11-30T17:00:00.000Z'],
    ['5 business days from a Wednesday skip the weekend', '2026-11-25T09:00:00Z', 5, {}, '2026-12-02T17:00:00.000Z'],
    [
      "in the team's zone: New York ends at 17:00 local (22:00 UTC)",
      '2026-11-23T15:00:00Z',
      1,
      { timezone: 'America/New_York' },
      '2026-11-24T22:00:00.000Z',
    ],
    [
      'the local day counts: Monday 22:00 in New York is Tuesday in UTC',
      '2026-11-24T03:00:00Z',
      1,
      { timezone: 'America/New_York' },
      '2026-11-24T22:00:00.000Z',
    ],
    [
      'across the spring change in Berlin (17:00 summer time is 15:00 UTC)',
      '2026-03-27T10:00:00Z',
      1,
      { timezone: 'Europe/Berlin' },
      '2026-03-30T15:00:00.000Z',
    ],
    ['a Sunday-only team', '2026-11-23T10:00:00Z', 1, { days: [7] }, '2026-11-29T17:00:00.000Z'],
    ['no working days: calendar days', '2026-11-23T10:00:00Z', 2, { days: [] }, '2026-11-25T10:00:00.000Z'],
  ])('%s', (_name, at, days, overrides, due) => {
    expect(businessDueAt({ at: new Date(at), days, hours: { ...WEEKDAYS_9_TO_5, ...overrides } }).toISOString()).toBe(
      due,
    );
  });
});
