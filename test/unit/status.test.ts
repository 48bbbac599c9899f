import { describe, expect, it } from '@jest/globals';
import {
  computeStatus,
  type AnchorTimes,
  type StatusInput,
  type StatusResult,
  type StepStatus,
} from '../../src/domain/incident/status.js';
import type { BusinessHours, Deadline, Step } from '../../src/domain/template/types.js';

const T0 = Date.parse('2026-11-23T10:00:00Z'); // a Monday, 10:00 UTC: inside the default business hours
/** T0 plus `minutes`; fractions that make whole milliseconds only (a Date drops the rest). */
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);
const HOURS: BusinessHours = { timezone: 'UTC', days: [1, 2, 3, 4, 5], startMinute: 9 * 60, endMinute: 17 * 60 };

const deadline = (over: Partial<Deadline> = {}): Deadline => ({
  anchor: 'start',
  minMinutes: 60,
  maxMinutes: 60,
  everyMinutes: null,
  variants: null,
  ...over,
});
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

const IMMEDIATELY = deadline({ minMinutes: 0, maxMinutes: 0 });
const RANGE = deadline({ minMinutes: 1440, maxMinutes: 2880 });
const EVERY_30 = deadline({ minMinutes: 30, maxMinutes: 30, everyMinutes: 30 });
const VARIANTS = deadline({ minMinutes: 240, maxMinutes: 480, variants: { daytime: 240, 'off-hours': 480 } });

type RunInput = Partial<Omit<StatusInput, 'anchors'>> & { anchors?: Partial<AnchorTimes> };

/** Defaults: one 60-minute step from start at T0, grace 5 min, now = T0. */
function run(over: RunInput): StatusResult {
  const { anchors, ...rest } = over;
  return computeStatus({
    steps: [step()],
    severity: null,
    checkedAt: {},
    lastStatusUpdateAt: null,
    businessHours: HOURS,
    graceMinutes: 5,
    now: at(0),
    ...rest,
    anchors: { start: at(0), acknowledged: null, mitigated: null, resolved: null, ...anchors },
  });
}

function only(over: RunInput): StepStatus {
  const { steps } = run(over);
  expect(steps).toHaveLength(1);
  return steps[0] as StepStatus;
}

type Timing = Pick<StepStatus, 'state' | 'dueAt' | 'dueSoonAt'>;
const timing = (state: StepStatus['state'], dueAt: Date | null, dueSoonAt: Date | null): Timing => ({
  state,
  dueAt,
  dueSoonAt,
});
const timingOf = (s: StepStatus): Timing => ({ state: s.state, dueAt: s.dueAt, dueSoonAt: s.dueSoonAt });

describe('computeStatus: due times and states of single deadlines', () => {
  it.each<[string, RunInput, Timing]>([
    ['60 min: pending well before', { now: at(10) }, timing('pending', at(60), at(45))],
    ['60 min: pending just before due soon', { now: at(44.99) }, timing('pending', at(60), at(45))],
    ['60 min: due soon 15 min before', { now: at(45) }, timing('due-soon', at(60), at(45))],
    ['60 min: due soon in the last minute', { now: at(59.99) }, timing('due-soon', at(60), at(45))],
    ['60 min: overdue at the due time', { now: at(60) }, timing('overdue', at(60), at(45))],
    ['60 min: overdue after it', { now: at(600) }, timing('overdue', at(60), at(45))],
    [
      '20 min: due soon for the last quarter only',
      { steps: [step({ deadline: deadline({ minMinutes: 20, maxMinutes: 20 }) })], now: at(14) },
      timing('pending', at(20), at(15)),
    ],
    [
      '4 hrs: due soon 15 min before',
      { steps: [step({ deadline: deadline({ minMinutes: 240, maxMinutes: 240 }) })], now: at(225) },
      timing('due-soon', at(240), at(225)),
    ],
    [
      'immediately: due after the grace',
      { steps: [step({ deadline: IMMEDIATELY })], now: at(3) },
      timing('pending', at(5), at(3.75)),
    ],
    [
      'immediately: due soon in the last quarter of the grace',
      { steps: [step({ deadline: IMMEDIATELY })], now: at(4) },
      timing('due-soon', at(5), at(3.75)),
    ],
    [
      'immediately: overdue once the grace is over',
      { steps: [step({ deadline: IMMEDIATELY })], now: at(5) },
      timing('overdue', at(5), at(3.75)),
    ],
    [
      'immediately without grace: overdue at once',
      { steps: [step({ deadline: IMMEDIATELY })], graceMinutes: 0, now: at(0) },
      timing('overdue', at(0), at(0)),
    ],
    ['grace is not added to a non-zero deadline', { graceMinutes: 30, now: at(61) }, timing('overdue', at(60), at(45))],
    [
      'range: pending before the lower bound',
      { steps: [step({ deadline: RANGE })], now: at(1439) },
      timing('pending', at(2880), at(1440)),
    ],
    [
      'range: due soon from the lower bound',
      { steps: [step({ deadline: RANGE })], now: at(1440) },
      timing('due-soon', at(2880), at(1440)),
    ],
    [
      'range: still due soon before the upper bound',
      { steps: [step({ deadline: RANGE })], now: at(2879) },
      timing('due-soon', at(2880), at(1440)),
    ],
    [
      'range: overdue at the upper bound',
      { steps: [step({ deadline: RANGE })], now: at(2880) },
      timing('overdue', at(2880), at(1440)),
    ],
    [
      'range from zero: due soon at once',
      { steps: [step({ deadline: deadline({ minMinutes: 0, maxMinutes: 120 }) })], now: at(0) },
      timing('due-soon', at(120), at(0)),
    ],
    [
      'acknowledged anchor not reached: waiting',
      { steps: [step({ deadline: deadline({ anchor: 'acknowledged' }) })], now: at(600) },
      timing('waiting', null, null),
    ],
    [
      'acknowledged anchor: counts from acknowledgement',
      {
        steps: [step({ deadline: deadline({ anchor: 'acknowledged' }) })],
        anchors: { acknowledged: at(20) },
        now: at(64),
      },
      timing('pending', at(80), at(65)),
    ],
    [
      'mitigated anchor: counts from mitigation',
      { steps: [step({ deadline: deadline({ anchor: 'mitigated' }) })], anchors: { mitigated: at(20) }, now: at(80) },
      timing('overdue', at(80), at(65)),
    ],
    [
      'start in the future (impact start typo): not due',
      { anchors: { start: at(100) }, now: at(0) },
      timing('pending', at(160), at(145)),
    ],
    [
      'no deadline: pending forever',
      { steps: [step({ deadline: null })], now: at(100_000) },
      timing('pending', null, null),
    ],
  ])('%s', (_name, input, expected) => {
    expect(timingOf(only(input))).toEqual(expected);
  });
});

describe('computeStatus: ticked steps', () => {
  const checked = (over: Partial<Step> = {}): Step[] => [step({ checked: true, ...over })];
  it.each<[string, RunInput, Pick<StepStatus, 'state' | 'doneAt' | 'dueAt'>]>([
    [
      'ticked before the due time',
      { steps: checked(), checkedAt: { s: at(59) }, now: at(90) },
      { state: 'done-on-time', doneAt: at(59), dueAt: at(60) },
    ],
    [
      'ticked at the due time',
      { steps: checked(), checkedAt: { s: at(60) }, now: at(90) },
      { state: 'done-on-time', doneAt: at(60), dueAt: at(60) },
    ],
    [
      'ticked after the due time',
      { steps: checked(), checkedAt: { s: at(61) }, now: at(90) },
      { state: 'done-late', doneAt: at(61), dueAt: at(60) },
    ],
    ['ticked at an unknown time', { steps: checked(), now: at(90) }, { state: 'done', doneAt: null, dueAt: at(60) }],
    [
      'ticked, no deadline, time known',
      { steps: checked({ deadline: null }), checkedAt: { s: at(5) }, now: at(90) },
      { state: 'done', doneAt: at(5), dueAt: null },
    ],
    [
      'ticked, no deadline, time unknown',
      { steps: checked({ deadline: null }), now: at(90) },
      { state: 'done', doneAt: null, dueAt: null },
    ],
    [
      'ticked before its anchor existed, time known',
      { steps: checked({ deadline: deadline({ anchor: 'mitigated' }) }), checkedAt: { s: at(5) }, now: at(90) },
      { state: 'done-on-time', doneAt: at(5), dueAt: null },
    ],
    [
      'ticked before its anchor existed, time unknown',
      { steps: checked({ deadline: deadline({ anchor: 'resolved' }) }), now: at(90) },
      { state: 'done', doneAt: null, dueAt: null },
    ],
    [
      'ticked before its anchor, which came later',
      {
        steps: checked({ deadline: deadline({ anchor: 'mitigated' }) }),
        checkedAt: { s: at(5) },
        anchors: { mitigated: at(30) },
        now: at(200),
      },
      { state: 'done-on-time', doneAt: at(5), dueAt: at(90) },
    ],
    [
      'ticked late, then the incident was resolved',
      { steps: checked(), checkedAt: { s: at(70) }, anchors: { resolved: at(80) }, now: at(90) },
      { state: 'done-late', doneAt: at(70), dueAt: at(60) },
    ],
    // The tick tracker forgets unticked boxes, but a stale entry must not make an open step look done.
    [
      'unticked with a stale tick time',
      { checkedAt: { s: at(5) }, now: at(90) },
      { state: 'overdue', doneAt: null, dueAt: at(60) },
    ],
  ])('%s', (_name, input, expected) => {
    const status = only(input);
    expect({ state: status.state, doneAt: status.doneAt, dueAt: status.dueAt }).toEqual(expected);
  });

  it('a ticked step is never overdue', () => {
    const result = run({ steps: [step({ checked: true })], checkedAt: { s: at(90) }, now: at(120) });
    expect(result.overdue).toEqual([]);
    expect(result.nextChangeAt).toBeNull();
  });
});

describe('computeStatus: resolution', () => {
  it.each<[string, RunInput, Timing]>([
    [
      'start-anchored, unticked, past due: not done',
      { anchors: { resolved: at(90) }, now: at(100) },
      timing('not-done', at(60), at(45)),
    ],
    [
      'start-anchored, unticked, not yet due: not done',
      { anchors: { resolved: at(30) }, now: at(40) },
      timing('not-done', at(60), at(45)),
    ],
    [
      'acknowledged-anchored, unticked: not done',
      {
        steps: [step({ deadline: deadline({ anchor: 'acknowledged' }) })],
        anchors: { acknowledged: at(10), resolved: at(90) },
        now: at(100),
      },
      timing('not-done', at(70), at(55)),
    ],
    [
      'mitigation that never happened: not done, no due time',
      { steps: [step({ deadline: deadline({ anchor: 'mitigated' }) })], anchors: { resolved: at(90) }, now: at(100) },
      timing('not-done', null, null),
    ],
    [
      'no deadline, unticked: still pending',
      { steps: [step({ deadline: null })], anchors: { resolved: at(90) }, now: at(100) },
      timing('pending', null, null),
    ],
    [
      'post-incident step before resolution: waiting',
      { steps: [step({ deadline: deadline({ anchor: 'resolved' }), postIncident: true })], now: at(600) },
      timing('waiting', null, null),
    ],
    [
      'post-incident step after resolution: counts from it',
      {
        steps: [step({ deadline: deadline({ anchor: 'resolved' }), postIncident: true })],
        anchors: { resolved: at(100) },
        now: at(110),
      },
      timing('pending', at(160), at(145)),
    ],
    [
      'post-incident step after resolution: overdue',
      {
        steps: [step({ deadline: deadline({ anchor: 'resolved' }), postIncident: true })],
        anchors: { resolved: at(100) },
        now: at(160),
      },
      timing('overdue', at(160), at(145)),
    ],
    [
      'post-incident range',
      {
        steps: [step({ deadline: deadline({ ...RANGE, anchor: 'resolved' }) })],
        anchors: { resolved: at(100) },
        now: at(1540),
      },
      timing('due-soon', at(2980), at(1540)),
    ],
  ])('%s', (_name, input, expected) => {
    expect(timingOf(only(input))).toEqual(expected);
  });

  it('resolved steps neither count as overdue nor wake the scheduler', () => {
    const result = run({
      steps: [step({ id: 'a' }), step({ id: 'b', deadline: deadline({ maxMinutes: 600, minMinutes: 600 }) })],
      anchors: { resolved: at(90) },
      now: at(100),
    });
    expect(result.steps.map((s) => s.state)).toEqual(['not-done', 'not-done']);
    expect(result.overdue).toEqual([]);
    expect(result.nextChangeAt).toBeNull();
  });
});

describe('computeStatus: severity scoping', () => {
  it.each<[string, string[] | null, string | null, boolean, StepStatus['state']]>([
    ['scoped to another severity', ['high'], 'low', false, 'not-applicable'],
    ['scoped to another severity, even when ticked', ['high'], 'low', true, 'not-applicable'],
    ['scoped to its severity', ['high', 'medium'], 'medium', false, 'overdue'],
    ['scoped, severity unknown: applies', ['high'], null, false, 'overdue'],
    ['not scoped, any severity', null, 'low', false, 'overdue'],
    ['scoped to no severity at all', [], 'low', false, 'not-applicable'],
  ])('%s', (_name, severities, severity, checked, state) => {
    const status = only({ steps: [step({ severities, checked })], severity, now: at(90) });
    expect(status.state).toBe(state);
    if (state === 'not-applicable') expect([status.dueAt, status.dueSoonAt]).toEqual([null, null]);
  });
});

describe('computeStatus: Daytime / Off-hours variants follow the business hours of the anchor', () => {
  // Variants are one deadline each, not a range: due soon shortly before, not from the shorter one.
  it.each<[string, RunInput, 'daytime' | 'off-hours', Date, Date]>([
    ['Monday 10:00 UTC: daytime', { anchors: { start: at(0) } }, 'daytime', at(240), at(225)],
    ['Monday 20:00 UTC: off-hours', { anchors: { start: at(600) } }, 'off-hours', at(1080), at(1065)],
    [
      'Saturday 10:00 UTC: off-hours',
      { anchors: { start: at(5 * 1440) } },
      'off-hours',
      at(5 * 1440 + 480),
      at(5 * 1440 + 465),
    ],
    [
      'Monday 10:00 UTC is 05:00 in New York: off-hours',
      { anchors: { start: at(0) }, businessHours: { ...HOURS, timezone: 'America/New_York' } },
      'off-hours',
      at(480),
      at(465),
    ],
    [
      'Monday 15:00 UTC is 10:00 in New York: daytime',
      { anchors: { start: at(300) }, businessHours: { ...HOURS, timezone: 'America/New_York' } },
      'daytime',
      at(540),
      at(525),
    ],
    // The anchor decides, not now: started in the day, still the daytime deadline in the evening.
    ['anchor in the day, now in the evening', { anchors: { start: at(0) }, now: at(600) }, 'daytime', at(240), at(225)],
    [
      'anchored at acknowledgement (Monday 18:00), not start',
      {
        steps: [step({ deadline: { ...VARIANTS, anchor: 'acknowledged' } })],
        anchors: { start: at(0), acknowledged: at(480) },
      },
      'off-hours',
      at(960),
      at(945),
    ],
    [
      'immediately by day: grace added',
      { steps: [step({ deadline: { ...VARIANTS, variants: { daytime: 0, 'off-hours': 60 } } })] },
      'daytime',
      at(5),
      at(3.75),
    ],
  ])('%s', (_name, input, variant, dueAt, dueSoonAt) => {
    const status = only({ steps: [step({ deadline: VARIANTS })], ...input });
    expect({ variant: status.variant, dueAt: status.dueAt, dueSoonAt: status.dueSoonAt }).toEqual({
      variant,
      dueAt,
      dueSoonAt,
    });
  });

  it('no variant is reported for deadlines without variants', () => {
    expect(only({ now: at(10) }).variant).toBeNull();
  });
});

describe('computeStatus: recurring steps (every 30 min)', () => {
  const every = (over: Partial<Step> = {}): Step[] => [step({ deadline: EVERY_30, ...over })];
  type Expected = [StepStatus['state'], Date | null, Date | null, number | null];
  const got = (s: StepStatus): Expected => [s.state, s.dueAt, s.dueSoonAt, s.occurrence];

  it.each<[string, RunInput, Expected]>([
    ['first interval running', { now: at(10) }, ['pending', at(30), at(22.5), 1]],
    ['first interval due soon', { now: at(22.5) }, ['due-soon', at(30), at(22.5), 1]],
    ['first interval missed', { now: at(30) }, ['overdue', at(30), at(22.5), 1]],
    ['first interval missed, second still running', { now: at(59) }, ['overdue', at(30), at(22.5), 1]],
    ['second interval missed: a new occurrence', { now: at(60) }, ['overdue', at(60), at(52.5), 2]],
    ['several intervals missed', { now: at(100) }, ['overdue', at(90), at(82.5), 3]],
    ['an update restarts the interval', { lastStatusUpdateAt: at(40), now: at(50) }, ['pending', at(70), at(62.5), 2]],
    [
      'the interval after an update missed',
      { lastStatusUpdateAt: at(40), now: at(70) },
      ['overdue', at(70), at(62.5), 2],
    ],
    ['missed twice after an update', { lastStatusUpdateAt: at(40), now: at(101) }, ['overdue', at(100), at(92.5), 3]],
    [
      'an update before the interval ran out',
      { lastStatusUpdateAt: at(10), now: at(20) },
      ['pending', at(40), at(32.5), 1],
    ],
    [
      'an update before the anchor does not count',
      {
        steps: every({ deadline: { ...EVERY_30, anchor: 'acknowledged' } }),
        anchors: { acknowledged: at(20) },
        lastStatusUpdateAt: at(10),
        now: at(30),
      },
      ['pending', at(50), at(42.5), 1],
    ],
    [
      'ticking does not stop it',
      { steps: every({ checked: true }), checkedAt: { s: at(5) }, now: at(31) },
      ['overdue', at(30), at(22.5), 1],
    ],
    [
      'waiting for its anchor',
      { steps: every({ deadline: { ...EVERY_30, anchor: 'mitigated' } }), now: at(100) },
      ['waiting', null, null, null],
    ],
    ['after resolution: not done', { anchors: { resolved: at(45) }, now: at(100) }, ['not-done', null, null, null]],
    [
      'after resolution, ticked: done',
      { steps: every({ checked: true }), anchors: { resolved: at(45) }, now: at(100) },
      ['done', null, null, null],
    ],
    [
      'anchored at resolution: runs after it',
      { steps: every({ deadline: { ...EVERY_30, anchor: 'resolved' } }), anchors: { resolved: at(45) }, now: at(80) },
      ['overdue', at(75), at(67.5), 1],
    ],
    // A zero interval would never advance: held to one due time (`immediately` plus grace) instead.
    [
      'zero interval',
      { steps: every({ deadline: deadline({ minMinutes: 0, maxMinutes: 0, everyMinutes: 0 }) }), now: at(10) },
      ['overdue', at(5), at(3.75), null],
    ],
  ])('%s', (_name, input, expected) => {
    expect(got(only({ steps: every(), ...input }))).toEqual(expected);
  });

  it.each<[string, RunInput, Date | null]>([
    ['wakes at due soon', { now: at(10) }, at(22.5)],
    ['then at the due time', { now: at(25) }, at(30)],
    ['then when the next interval lapses', { now: at(30) }, at(60)],
    ['and every interval after that', { now: at(61) }, at(90)],
    ['from the last update', { lastStatusUpdateAt: at(40), now: at(71) }, at(100)],
    ['even when ticked', { steps: every({ checked: true }), now: at(31) }, at(60)],
    ['not after resolution', { anchors: { resolved: at(45) }, now: at(50) }, null],
  ])('nextChangeAt %s', (_name, input, expected) => {
    expect(run({ steps: every(), ...input }).nextChangeAt).toEqual(expected);
  });

  it('gives every overdue interval its own occurrence, so each warns once', () => {
    // Minute by minute, with updates posted late, early and exactly on time.
    const updates = [45, 47, 120, 150];
    const dueByOccurrence = new Map<number, number>();
    for (let minute = 0; minute <= 300; minute += 1) {
      const posted = updates.filter((u) => u <= minute);
      const last = posted.length > 0 ? at(posted[posted.length - 1] as number) : null;
      const status = only({ steps: every(), lastStatusUpdateAt: last, now: at(minute) });
      if (status.state !== 'overdue') continue;
      const occurrence = status.occurrence as number;
      const due = (status.dueAt as Date).getTime();
      expect(dueByOccurrence.get(occurrence) ?? due).toBe(due);
      dueByOccurrence.set(occurrence, due);
    }
    // 30 (missed), 77 and 107 after the update at 47, then 180, 210, ... after the one at 150.
    expect([...dueByOccurrence.keys()]).toEqual([1, 2, 3, 6, 7, 8, 9, 10]);
  });
});

describe('computeStatus: nextChangeAt', () => {
  it.each<[string, RunInput, Date | null]>([
    ['the due-soon time first', { now: at(0) }, at(45)],
    ['then the due time', { now: at(50) }, at(60)],
    ['a change exactly at now is not in the future', { now: at(45) }, at(60)],
    ['nothing after overdue', { now: at(60) }, null],
    ['range: from the lower bound', { steps: [step({ deadline: RANGE })], now: at(0) }, at(1440)],
    [
      'the earliest of several steps',
      {
        steps: [step({ id: 'a' }), step({ id: 'b', deadline: deadline({ maxMinutes: 20, minMinutes: 20 }) })],
        now: at(0),
      },
      at(15),
    ],
    [
      'past changes of one step are ignored for the future of another',
      {
        steps: [
          step({ id: 'a', deadline: deadline({ maxMinutes: 20, minMinutes: 20 }) }),
          step({ id: 'b', deadline: deadline({ maxMinutes: 120, minMinutes: 120 }) }),
        ],
        now: at(30),
      },
      at(105),
    ],
    ['ticked steps do not wake', { steps: [step({ checked: true })], now: at(0) }, null],
    [
      'a ticked step does not hide an open one',
      {
        steps: [
          step({ id: 'a', checked: true, deadline: deadline({ maxMinutes: 20, minMinutes: 20 }) }),
          step({ id: 'b' }),
        ],
        now: at(0),
      },
      at(45),
    ],
    [
      'not-applicable steps do not wake',
      { steps: [step({ severities: ['high'] })], severity: 'low', now: at(0) },
      null,
    ],
    [
      'waiting steps do not wake (their anchor is an event, not a time)',
      { steps: [step({ deadline: deadline({ anchor: 'resolved' }) })], now: at(0) },
      null,
    ],
    ['steps without deadline do not wake', { steps: [step({ deadline: null })], now: at(0) }, null],
    ['no steps', { steps: [], now: at(0) }, null],
  ])('%s', (_name, input, expected) => {
    expect(run(input).nextChangeAt).toEqual(expected);
  });
});

describe('computeStatus: the result', () => {
  it('keeps the input order and lists the overdue ids in it', () => {
    const steps = [
      step({ id: 'late-2', deadline: deadline({ minMinutes: 30, maxMinutes: 30 }) }),
      step({ id: 'open', deadline: null }),
      step({ id: 'late-1', deadline: deadline({ minMinutes: 10, maxMinutes: 10 }) }),
      step({ id: 'soon' }),
    ];
    const result = run({ steps, now: at(50) });
    expect(result.steps.map((s) => [s.id, s.state])).toEqual([
      ['late-2', 'overdue'],
      ['open', 'pending'],
      ['late-1', 'overdue'],
      ['soon', 'due-soon'],
    ]);
    expect(result.overdue).toEqual(['late-2', 'late-1']);
  });

  it('does not mutate its input or hand out its Date objects', () => {
    const input: StatusInput = {
      steps: [step({ checked: true }), step({ id: 'r', deadline: EVERY_30 })],
      severity: 'high',
      anchors: { start: at(0), acknowledged: at(1), mitigated: null, resolved: null },
      checkedAt: { s: at(59) },
      lastStatusUpdateAt: at(40),
      businessHours: { ...HOURS, days: [...HOURS.days] },
      graceMinutes: 5,
      now: at(90),
    };
    const before = JSON.stringify(input);
    const result = computeStatus(input);
    expect(JSON.stringify(input)).toBe(before);
    const done = result.steps[0] as StepStatus;
    expect(done.doneAt).toEqual(input.checkedAt.s);
    done.doneAt?.setTime(0);
    expect(input.checkedAt.s).toEqual(at(59));
  });
});

describe('computeStatus: business-day deadlines', () => {
  it('a "next business day" step opened on a Friday evening is due Monday at the end of business hours', () => {
    const friday = new Date('2026-11-27T20:00:00Z');
    const nextBusinessDay = deadline({ minMinutes: 1440, maxMinutes: 1440, businessDays: 1 });
    const status = only({ steps: [step({ deadline: nextBusinessDay })], anchors: { start: friday }, now: friday });
    expect(status.dueAt?.toISOString()).toBe('2026-11-30T17:00:00.000Z');
    expect(status.state).toBe('pending');
  });
});
