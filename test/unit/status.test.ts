import { describe, expect, it } from '@jest/globals';
import { isBusinessTime } from '../../src/domain/business-hours.js';
import { computeStatus, type AnchorTimes, type StatusInput } from '../../src/domain/status.js';
import type { BusinessHours, Deadline, Step } from '../../src/domain/types.js';

const T0 = new Date('2026-11-23T10:00:00Z'); // a Monday, 10:00 UTC
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const hours: BusinessHours = { timezone: 'UTC', days: [1, 2, 3, 4, 5], startMinute: 9 * 60, endMinute: 17 * 60 };

const deadline = (over: Partial<Deadline> = {}): Deadline => ({ anchor: 'start', minMinutes: 60, maxMinutes: 60, everyMinutes: null, variants: null, ...over });
const step = (over: Partial<Step> = {}): Step => ({
  id: 's',
  text: 'step',
  checked: false,
  section: null,
  depth: 0,
  line: 1,
  deadline: deadline(),
  severities: null,
  postIncident: false,
  ...over,
});

type RunInput = Partial<Omit<StatusInput, 'anchors'>> & { anchors?: Partial<AnchorTimes> };

function run(over: RunInput) {
  const { anchors, ...rest } = over;
  return computeStatus({
    steps: [step()],
    severity: null,
    checkedAt: {},
    lastStatusUpdateAt: null,
    businessHours: hours,
    graceMinutes: 5,
    now: at(0),
    ...rest,
    anchors: { start: T0, acknowledged: null, mitigated: null, resolved: null, ...anchors },
  });
}

describe('isBusinessTime', () => {
  it.each([
    ['2026-11-23T09:00:00Z', 'UTC', true],
    ['2026-11-23T08:59:00Z', 'UTC', false],
    ['2026-11-23T17:00:00Z', 'UTC', false],
    ['2026-11-28T12:00:00Z', 'UTC', false], // Saturday
    ['2026-11-23T14:30:00Z', 'America/New_York', true], // 09:30 local
    ['2026-11-23T13:30:00Z', 'America/New_York', false], // 08:30 local
    ['2026-07-06T07:30:00Z', 'Europe/Berlin', true], // 09:30 CEST
    ['2026-03-02T07:30:00Z', 'Europe/Berlin', false], // 08:30 CET
  ])('%s in %s -> %s', (iso, timezone, expected) => {
    expect(isBusinessTime({ at: new Date(iso), hours: { ...hours, timezone } })).toBe(expected);
  });
});

describe('computeStatus: one step at a time', () => {
  it.each<[string, RunInput, { state: string; dueAt: Date | null }]>([
    ['before due soon', { now: at(10) }, { state: 'pending', dueAt: at(60) }],
    ['due soon (15 min before)', { now: at(46) }, { state: 'due-soon', dueAt: at(60) }],
    ['at the due time', { now: at(60) }, { state: 'overdue', dueAt: at(60) }],
    ['after the due time', { now: at(90) }, { state: 'overdue', dueAt: at(60) }],
    ['immediately = anchor + grace', { steps: [step({ deadline: deadline({ minMinutes: 0, maxMinutes: 0 }) })], now: at(4) }, { state: 'due-soon', dueAt: at(5) }],
    ['immediately overdue after grace', { steps: [step({ deadline: deadline({ minMinutes: 0, maxMinutes: 0 }) })], now: at(5) }, { state: 'overdue', dueAt: at(5) }],
    ['range: pending before the lower bound', { steps: [step({ deadline: deadline({ minMinutes: 1440, maxMinutes: 2880 }) })], now: at(1000) }, { state: 'pending', dueAt: at(2880) }],
    ['range: due soon from the lower bound', { steps: [step({ deadline: deadline({ minMinutes: 1440, maxMinutes: 2880 }) })], now: at(1440) }, { state: 'due-soon', dueAt: at(2880) }],
    ['range: overdue at the upper bound', { steps: [step({ deadline: deadline({ minMinutes: 1440, maxMinutes: 2880 }) })], now: at(2880) }, { state: 'overdue', dueAt: at(2880) }],
    ['done on time', { steps: [step({ checked: true })], checkedAt: { s: at(59) }, now: at(90) }, { state: 'done-on-time', dueAt: at(60) }],
    ['done late', { steps: [step({ checked: true })], checkedAt: { s: at(61) }, now: at(90) }, { state: 'done-late', dueAt: at(60) }],
    ['done at an unknown time', { steps: [step({ checked: true })], now: at(90) }, { state: 'done', dueAt: at(60) }],
    ['no deadline', { steps: [step({ deadline: null })], now: at(900) }, { state: 'pending', dueAt: null }],
    ['other severity', { steps: [step({ severities: ['high'] })], severity: 'low', now: at(90) }, { state: 'not-applicable', dueAt: null }],
    ['its severity', { steps: [step({ severities: ['high'] })], severity: 'high', now: at(90) }, { state: 'overdue', dueAt: at(60) }],
    ['unknown severity: applies', { steps: [step({ severities: ['high'] })], severity: null, now: at(90) }, { state: 'overdue', dueAt: at(60) }],
    ['resolved anchor not reached: waiting', { steps: [step({ deadline: deadline({ anchor: 'resolved' }) })], now: at(900) }, { state: 'waiting', dueAt: null }],
    ['resolved anchor reached: counts from resolution', { steps: [step({ deadline: deadline({ anchor: 'resolved' }) })], anchors: { resolved: at(100) }, now: at(170) }, { state: 'overdue', dueAt: at(160) }],
    ['start-anchored after resolution: not done, no warning', { anchors: { resolved: at(30) }, now: at(90) }, { state: 'not-done', dueAt: at(60) }],
    ['mitigation anchor', { steps: [step({ deadline: deadline({ anchor: 'mitigated' }) })], anchors: { mitigated: at(20) }, now: at(50) }, { state: 'pending', dueAt: at(80) }],
  ])('%s', (_name, input, expected) => {
    const [status] = run(input).steps;
    expect({ state: status?.state, dueAt: status?.dueAt ?? null }).toEqual(expected);
  });
});

describe('variants follow the business hours of the anchor', () => {
  const variants = step({ deadline: deadline({ minMinutes: 240, maxMinutes: 480, variants: { daytime: 240, 'off-hours': 480 } }) });
  it.each([
    ['Monday 10:00 UTC: daytime', '2026-11-23T10:00:00Z', 'UTC', 'daytime', 240],
    ['Monday 20:00 UTC: off-hours', '2026-11-23T20:00:00Z', 'UTC', 'off-hours', 480],
    ['Saturday: off-hours', '2026-11-28T10:00:00Z', 'UTC', 'off-hours', 480],
    ['10:00 UTC is 05:00 in New York: off-hours', '2026-11-23T10:00:00Z', 'America/New_York', 'off-hours', 480],
  ])('%s', (_name, start, timezone, variant, minutes) => {
    const anchor = new Date(start);
    const [status] = computeStatus({
      steps: [variants],
      severity: null,
      anchors: { start: anchor, acknowledged: null, mitigated: null, resolved: null },
      checkedAt: {},
      lastStatusUpdateAt: null,
      businessHours: { ...hours, timezone },
      graceMinutes: 5,
      now: anchor,
    }).steps;
    expect(status?.variant).toBe(variant);
    expect(status?.dueAt).toEqual(new Date(anchor.getTime() + minutes * 60_000));
  });
});

describe('recurring steps', () => {
  const every = step({ deadline: deadline({ minMinutes: 30, maxMinutes: 30, everyMinutes: 30 }) });
  it.each<[string, number, number | null, string, number, number]>([
    ['first interval running', 10, null, 'pending', 30, 1],
    ['first interval missed', 31, null, 'overdue', 30, 1],
    ['second interval missed', 61, null, 'overdue', 60, 2],
    ['an update resets the interval', 50, 40, 'pending', 70, 2],
    ['the interval after an update missed', 71, 40, 'overdue', 70, 2],
  ])('%s', (_name, now, update, state, due, occurrence) => {
    const [status] = run({ steps: [every], now: at(now), lastStatusUpdateAt: update === null ? null : at(update) }).steps;
    expect([status?.state, status?.dueAt, status?.occurrence]).toEqual([state, at(due), occurrence]);
  });

  it('stop after resolution', () => {
    const [status] = run({ steps: [every], anchors: { resolved: at(45) }, now: at(100) }).steps;
    expect(status?.state).toBe('not-done');
    expect(run({ steps: [every], anchors: { resolved: at(45) }, now: at(100) }).nextChangeAt).toBeNull();
  });

  it('wake again when the next interval lapses', () => {
    expect(run({ steps: [every], now: at(31) }).nextChangeAt).toEqual(at(60));
  });
});

describe('nextChangeAt', () => {
  it.each<[string, RunInput, Date | null]>([
    ['the due-soon time first', { now: at(0) }, at(45)],
    ['then the due time', { now: at(50) }, at(60)],
    ['nothing after overdue', { now: at(61) }, null],
    ['the earliest of several steps', { steps: [step(), step({ id: 't', deadline: deadline({ maxMinutes: 20, minMinutes: 20 }) })], now: at(0) }, at(15)],
    ['checked steps do not wake', { steps: [step({ checked: true })], now: at(0) }, null],
    ['not-applicable steps do not wake', { steps: [step({ severities: ['high'] })], severity: 'low', now: at(0) }, null],
  ])('%s', (_name, input, expected) => {
    expect(run(input).nextChangeAt).toEqual(expected);
  });
});
