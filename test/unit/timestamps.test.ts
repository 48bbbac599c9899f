import { describe, expect, it } from '@jest/globals';
import { impactStartOf, parseTimestamp } from '../../src/domain/template/timestamps.js';

describe('parseTimestamp', () => {
  it.each([
    ['2026-11-23 13:40 UTC', '2026-11-23T13:40:00.000Z'],
    ['2026-11-23T13:40Z', '2026-11-23T13:40:00.000Z'],
    ['2026-11-23 13:40:15', '2026-11-23T13:40:15.000Z'],
    ['2026-11-23 13:40 +01:00', '2026-11-23T12:40:00.000Z'],
    ['2026-11-23 08:10 -0530', '2026-11-23T13:40:00.000Z'],
    ['**2026-11-23 13:40 UTC**', '2026-11-23T13:40:00.000Z'],
    ['2026-11-23 9:05 gmt', '2026-11-23T09:05:00.000Z'],
    ['2026-02-31 10:00 UTC', null],
    ['2026-11-23 24:00 UTC', null],
    ['yesterday at 3pm', null],
    ['2026-11-23', null],
    ['_YYYY-MM-DD HH:MM UTC, your best estimate_', null],
    ['', null],
    ['2026-11-28 23:10 CET', '2026-11-28T22:10:00.000Z'],
    ['2026-07-28 23:10 CEST', '2026-07-28T21:10:00.000Z'],
    ['2026-11-28T23:10:00+01:00', '2026-11-28T22:10:00.000Z'],
    ['2026-11-28 23:10 UTC+1', '2026-11-28T22:10:00.000Z'],
    ['2026-11-28 23:10 Europe/Berlin', '2026-11-28T22:10:00.000Z'],
    ['2026-07-28 23:10 Europe/Berlin', '2026-07-28T21:10:00.000Z'],
    ['2026-07-14 08:30 America/New_York', '2026-07-14T12:30:00.000Z'],
    ['2026-11-28 23:10 (Asia/Kolkata)', '2026-11-28T17:40:00.000Z'],
    ['2026-11-28 08:30 PT', '2026-11-28T16:30:00.000Z'],
    ['2026-11-28 23:10 UTC <!-- our best estimate -->', '2026-11-28T23:10:00.000Z'],
    ['2026-11-28 23:10 IST', null],
    ['2026-11-28 23:10 CST', null],
    ['2026-11-28 23:10 Mars/Olympus_Mons', null],
    ['2026-11-28 23:10 +25:00', null],
    ['2026-11-28 23:10 constructor', null],
    ['2026-11-28 23:10 __proto__', null],
  ])('%j -> %s', (text, iso) => {
    expect(parseTimestamp(text)?.toISOString() ?? null).toBe(iso);
  });
});

describe('impactStartOf', () => {
  it.each([
    [{ 'Impact start': '2026-11-23 13:40 UTC' }, '2026-11-23T13:40:00.000Z'],
    [{ 'When did the impact start?': '2026-11-23 13:40 UTC' }, '2026-11-23T13:40:00.000Z'],
    [{ 'Impact started': '2026-11-23 13:40 UTC' }, '2026-11-23T13:40:00.000Z'],
    [{ 'Impact start': '' }, null],
    [{ Summary: '2026-11-23 13:40 UTC' }, null],
    // An aside on the label: the zone of a time written without one.
    [{ 'Impact started (UTC)': '2026-11-23 13:40' }, '2026-11-23T13:40:00.000Z'],
    [{ 'Impact started (JST)': '2026-11-23 13:40' }, '2026-11-23T04:40:00.000Z'],
    [{ 'Impact start (Europe/Berlin)': '2026-11-23 13:40' }, '2026-11-23T12:40:00.000Z'],
    [{ 'Impact start (YYYY-MM-DD HH:MM UTC)': '2026-11-23 13:40' }, '2026-11-23T13:40:00.000Z'],
    [{ 'When did the impact start? (UTC)': '2026-11-23 13:40' }, '2026-11-23T13:40:00.000Z'],
    // The time's own zone wins over the label's.
    [{ 'Impact started (JST)': '2026-11-23 13:40 UTC' }, '2026-11-23T13:40:00.000Z'],
    // Any other aside: a time without its own zone is not guessed.
    [{ 'Impact started (local time)': '2026-11-23 13:40' }, null],
    [{ 'Impact started (local time)': '2026-11-23 13:40 CET' }, '2026-11-23T12:40:00.000Z'],
    [{ 'Impact started (IST)': '2026-11-23 13:40' }, null],
    [{ 'Impact started (UTC or JST)': '2026-11-23 13:40' }, null],
    [{ 'Impact started (local time, e.g. 14:05 CET)': '2026-11-23 13:40' }, null],
    // Format words beside the zone, or an aside naming none: as without an aside ("est" is "estimated").
    [{ 'Impact started (UTC, 24h)': '2026-11-23 13:40' }, '2026-11-23T13:40:00.000Z'],
    [{ 'Impact started (first alert, MT)': '2026-11-23 13:40' }, '2026-11-23T20:40:00.000Z'],
    [{ 'Impact started (HH:MM)': '2026-11-23 13:40' }, '2026-11-23T13:40:00.000Z'],
    [{ 'Impact started (est)': '2026-11-23 13:40' }, '2026-11-23T13:40:00.000Z'],
    [{ 'Impact started (if known)': '2026-11-23 13:40' }, '2026-11-23T13:40:00.000Z'],
  ])('%j', (fields, iso) => {
    expect(impactStartOf(fields)?.toISOString() ?? null).toBe(iso);
  });
});
