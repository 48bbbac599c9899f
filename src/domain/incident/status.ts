import { businessDueAt, isBusinessTime } from '../template/business-hours.js';
import type { BusinessHours, Step, Variant } from '../template/types.js';

/**
 * For each step at `now`: its state, its due time, and when the next state change happens, so the
 * scheduler can sleep exactly until then instead of polling. Pure: every time comes in through the
 * input, nothing reads a clock.
 */

export type StepState =
  | 'pending' // unchecked and applicable: before its due-soon time, or without a deadline
  | 'waiting' // its anchor has not happened yet (e.g. a post-incident step before resolution): no due time yet
  | 'due-soon' // between dueSoonAt and dueAt
  | 'overdue' // unchecked and now >= dueAt
  | 'done-on-time' // checked, tick time known and <= dueAt (or ticked before its anchor existed)
  | 'done-late' // checked, tick time known and > dueAt
  | 'done' // checked, without a deadline or at an unknown time
  | 'not-done' // resolved, and this unchecked step counted from an earlier anchor: it no longer warns
  | 'not-applicable' // scoped to other severities
  | 'skipped' // `/incident skip`: does not apply to this incident
  | 'snoozed'; // `/incident snooze`: would be due soon or overdue, but no warning before snoozedUntil

export interface AnchorTimes {
  start: Date;
  acknowledged: Date | null;
  mitigated: Date | null;
  resolved: Date | null;
}

export interface StepStatus {
  id: string;
  state: StepState;
  /** null when the step has no deadline or its anchor has not happened. */
  dueAt: Date | null;
  dueSoonAt: Date | null;
  /** When the box was ticked, when known. */
  doneAt: Date | null;
  /** Which variant applied, when the deadline has variants. */
  variant: Variant | null;
  /** For recurring steps: which occurrence this dueAt is (1, 2, ...), so warnings can be keyed per occurrence; null otherwise. */
  occurrence: number | null;
  /** For snoozed steps: when the snooze ends. */
  snoozedUntil?: Date;
}

export interface StatusInput {
  steps: readonly Step[];
  /** null = unknown: severity-scoped steps then apply (better to warn than to miss). */
  severity: string | null;
  anchors: AnchorTimes;
  /** Step id -> when it was ticked; missing for boxes ticked at an unknown time. */
  checkedAt: Readonly<Record<string, Date>>;
  /** The latest status update; it restarts recurring steps. */
  lastStatusUpdateAt: Date | null;
  businessHours: BusinessHours;
  /** Added to deadlines of 0 minutes (`immediately`), so they are not overdue the moment they start. */
  graceMinutes: number;
  /** Step ids skipped with `/incident skip`. */
  skipped?: Readonly<Record<string, unknown>>;
  /** Step id -> end of its `/incident snooze`. */
  snoozedUntil?: Readonly<Record<string, Date>>;
  now: Date;
}

export interface StatusResult {
  /** Same order as the input steps. */
  steps: StepStatus[];
  /** Ids of the steps in state 'overdue'. */
  overdue: string[];
  /** Earliest future (> now) time at which some step changes state; null if none will by itself. */
  nextChangeAt: Date | null;
}

const MINUTE_MS = 60_000;
/** A single deadline turns "due soon" this long before it at most (ranges use their lower bound). */
const DUE_SOON_LEAD_MS = 15 * MINUTE_MS;

/** Whole milliseconds, so due times compare exactly with `now` and survive the round trip through Date. */
function msOf(minutes: number): number {
  return Math.round(minutes * MINUTE_MS);
}

function timedState(params: { now: number; dueMs: number; dueSoonMs: number }): StepState {
  if (params.now >= params.dueMs) return 'overdue';
  return params.now >= params.dueSoonMs ? 'due-soon' : 'pending';
}

function doneState(params: { doneAt: Date | null; dueMs: number }): StepState {
  if (params.doneAt === null) return 'done';
  return params.doneAt.getTime() <= params.dueMs ? 'done-on-time' : 'done-late';
}

/** Lead time of "due soon" for a single deadline: a quarter of a short span, 15 minutes of a long one. */
function dueSoonOf(params: { fromMs: number; dueMs: number }): number {
  return params.dueMs - Math.min(DUE_SOON_LEAD_MS, Math.floor((params.dueMs - params.fromMs) / 4));
}

interface Evaluated {
  status: StepStatus;
  /** Times at which this step will change state by itself; past ones are dropped by the caller. */
  wakeAt: number[];
}

function recurringStatus(params: {
  step: Step;
  anchorMs: number;
  everyMs: number;
  doneAt: Date | null;
  input: StatusInput;
}): Evaluated {
  const { step, anchorMs, everyMs, doneAt, input } = params;
  const now = input.now.getTime();
  const update = input.lastStatusUpdateAt?.getTime() ?? null;
  const baseMs = update !== null && update > anchorMs ? update : anchorMs;
  // Without an update, each lapsed interval is a new missed one: dueAt moves to the latest missed
  // interval, so the app can warn again every interval while nobody posts an update.
  const lapsed = Math.max(1, Math.floor((now - baseMs) / everyMs));
  const dueMs = baseMs + lapsed * everyMs;
  const dueSoonMs = dueSoonOf({ fromMs: dueMs - everyMs, dueMs });
  // Counted from the anchor, not the base, so an update (a new base) or a lapsed interval yields a new
  // number and therefore a new warning key.
  const occurrence = Math.floor((dueMs - anchorMs) / everyMs);
  return {
    status: {
      id: step.id,
      state: timedState({ now, dueMs, dueSoonMs }),
      dueAt: new Date(dueMs),
      dueSoonAt: new Date(dueSoonMs),
      doneAt,
      variant: null,
      occurrence,
    },
    wakeAt: [dueSoonMs, dueMs, dueMs + everyMs],
  };
}

function evaluate(params: { step: Step; input: StatusInput }): Evaluated {
  const { step, input } = params;
  const now = input.now.getTime();
  const ticked = step.checked ? input.checkedAt[step.id] : undefined;
  // Copied so that callers can never reach the input's Date objects through the result.
  const doneAt = ticked === undefined ? null : new Date(ticked.getTime());
  const plain = (state: StepState): Evaluated => ({
    status: { id: step.id, state, dueAt: null, dueSoonAt: null, doneAt, variant: null, occurrence: null },
    wakeAt: [],
  });

  if (step.severities !== null && input.severity !== null && !step.severities.includes(input.severity))
    return plain('not-applicable');
  const { deadline } = step;
  if (deadline === null) return plain(step.checked ? 'done' : 'pending');

  // Resolution ends every duty that counted from an earlier moment; post-incident ones only start.
  const endedByResolution = input.anchors.resolved !== null && deadline.anchor !== 'resolved';
  const anchor = input.anchors[deadline.anchor];
  if (anchor === null) {
    if (step.checked) return plain(doneAt === null ? 'done' : 'done-on-time');
    // A moment that did not happen before resolution never will: nothing left to wait for.
    return plain(endedByResolution ? 'not-done' : 'waiting');
  }
  const anchorMs = anchor.getTime();

  // A non-positive interval would never advance; such a step is held to its first due time instead.
  if (deadline.everyMinutes !== null && msOf(deadline.everyMinutes) > 0) {
    if (endedByResolution) return plain(step.checked ? 'done' : 'not-done');
    return recurringStatus({ step, anchorMs, everyMs: msOf(deadline.everyMinutes), doneAt, input });
  }

  let variant: Variant | null = null;
  let minutes = deadline.maxMinutes;
  if (deadline.variants !== null) {
    variant = isBusinessTime({ at: anchor, hours: input.businessHours }) ? 'daytime' : 'off-hours';
    minutes = deadline.variants[variant];
  }
  if (minutes === 0) minutes = input.graceMinutes;
  // "within 5 business days" ends with the 5th working day of business_hours, not 5 calendar days.
  const dueMs = deadline.businessDays
    ? businessDueAt({ at: anchor, days: deadline.businessDays, hours: input.businessHours }).getTime()
    : anchorMs + msOf(minutes);
  const isRange = deadline.variants === null && deadline.minMinutes < deadline.maxMinutes;
  const dueSoonMs = isRange ? anchorMs + msOf(deadline.minMinutes) : dueSoonOf({ fromMs: anchorMs, dueMs });
  const timed = (state: StepState): StepStatus => ({
    id: step.id,
    state,
    dueAt: new Date(dueMs),
    dueSoonAt: new Date(dueSoonMs),
    doneAt,
    variant,
    occurrence: null,
  });

  if (step.checked) return { status: timed(doneState({ doneAt, dueMs })), wakeAt: [] };
  if (endedByResolution) return { status: timed('not-done'), wakeAt: [] };
  return { status: timed(timedState({ now, dueMs, dueSoonMs })), wakeAt: [dueSoonMs, dueMs] };
}

/** Skipped steps are out; a snoozed step that would be due soon or overdue waits until the snooze ends. */
function evaluateWithCommands(params: { step: Step; input: StatusInput }): Evaluated {
  const { step, input } = params;
  if (input.skipped?.[step.id] !== undefined && !step.checked) {
    return {
      status: {
        id: step.id,
        state: 'skipped',
        dueAt: null,
        dueSoonAt: null,
        doneAt: null,
        variant: null,
        occurrence: null,
      },
      wakeAt: [],
    };
  }
  const evaluated = evaluate(params);
  const until = input.snoozedUntil?.[step.id];
  const { state } = evaluated.status;
  if (
    until === undefined ||
    until.getTime() <= input.now.getTime() ||
    (state !== 'overdue' && state !== 'due-soon' && state !== 'pending')
  )
    return evaluated;
  // Pending steps keep their state until they would turn due soon; the end of the snooze is a wake-up.
  const wakeAt = [...evaluated.wakeAt.filter((t) => t > until.getTime()), until.getTime()];
  if (state === 'pending') return { status: { ...evaluated.status, snoozedUntil: new Date(until.getTime()) }, wakeAt };
  return { status: { ...evaluated.status, state: 'snoozed', snoozedUntil: new Date(until.getTime()) }, wakeAt };
}

export function computeStatus(input: StatusInput): StatusResult {
  const now = input.now.getTime();
  const steps: StepStatus[] = [];
  let nextChange = Infinity;
  for (const step of input.steps) {
    const { status, wakeAt } = evaluateWithCommands({ step, input });
    steps.push(status);
    for (const t of wakeAt) if (t > now && t < nextChange) nextChange = t;
  }
  return {
    steps,
    overdue: steps.filter((s) => s.state === 'overdue').map((s) => s.id),
    nextChangeAt: nextChange === Infinity ? null : new Date(nextChange),
  };
}
