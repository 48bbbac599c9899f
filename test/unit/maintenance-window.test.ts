import { describe, expect, it } from '@jest/globals';
import { maintenanceWindow } from '../../src/domain/status-page/maintenance.js';

const NOW = new Date('2026-12-05T11:00:00Z');

describe('maintenanceWindow', () => {
  it.each([
    [
      'before the start: scheduled, wakes at the start',
      { Start: '2026-12-05 12:00 UTC', End: '2026-12-05 14:00 UTC' },
      { ok: true, window: { phase: 'scheduled', nextChangeAt: '2026-12-05T12:00:00.000Z' } },
    ],
    [
      'inside: in progress, wakes at the end',
      { Start: '2026-12-05 10:00 UTC', End: '2026-12-05 12:00 UTC' },
      { ok: true, window: { phase: 'in-progress', nextChangeAt: '2026-12-05T12:00:00.000Z' } },
    ],
    [
      'at the start exactly: in progress',
      { Start: '2026-12-05 11:00 UTC', End: '2026-12-05 12:00 UTC' },
      { ok: true, window: { phase: 'in-progress' } },
    ],
    [
      'at the end exactly: completed, no more wakes',
      { Start: '2026-12-05 09:00 UTC', End: '2026-12-05 11:00 UTC' },
      { ok: true, window: { phase: 'completed', nextChangeAt: null } },
    ],
    [
      'a zone and issue-form labels',
      { 'Maintenance start': '2026-12-05 12:30 Europe/Berlin', 'Maintenance end': '2026-12-05 13:30 Europe/Berlin' },
      { ok: true, window: { start: '2026-12-05T11:30:00.000Z', end: '2026-12-05T12:30:00.000Z', phase: 'scheduled' } },
    ],
    ['no end', { Start: '2026-12-05 10:00 UTC' }, { ok: false, error: expect.stringContaining('**End:**') }],
    [
      'an end that is not a time',
      { Start: '2026-12-05 10:00 UTC', End: 'soon' },
      { ok: false, error: expect.stringContaining('**End:** is not a time') },
    ],
    [
      'an end before the start',
      { Start: '2026-12-05 10:00 UTC', End: '2026-12-05 09:00 UTC' },
      { ok: false, error: expect.stringContaining('not after') },
    ],
    [
      'longer than 7 days (a typo in the year)',
      { Start: '2026-12-05 10:00 UTC', End: '2027-12-05 10:00 UTC' },
      { ok: false, error: expect.stringContaining('7 days') },
    ],
  ])('%s', (_name, fields, expected) => {
    expect(maintenanceWindow({ fields, now: NOW })).toMatchObject(expected);
  });
});
