import { isBusinessTime } from './business-hours.js';
import type { BusinessHours, Step, Variant } from './types.js';

/**
 * For each step at `now`: its state, its due time, and when the next state change happens, so the
 * scheduler sleeps exactly until then. Pure: times come in, nothing is read from a clock.
 */
export type StepState =
  | 'pending'
  | 'waiting'
  | 'due-soon'
  | 'overdue'
  | 'done-on-time'
  | 'done-late'
  | 'done'
  | 'not-done'
  | 'not-applicable';

export interface AnchorTimes {
  start: Date;
  acknowledged: Date | null;
  mitigated: Date | null;
  resolved: Date | null;
}

export interface StepStatus {
  id: string;
  state: StepState;
  dueAt: Date | null;
  dueSoonAt: Date | null;
  doneAt: Date | null;
  variant: Variant | null;
  /** Recurring steps: which interval dueAt closes (1, 2, ...), so each missed interval warns once. */
  occurrence: number | null;
}

export interface StatusInput {
  steps: readonly Step[];
  /** null = unknown: severity-scoped steps then apply (better to warn than to miss). */
  severity: string | null;
  anchors: AnchorTimes;
  checkedAt: Readonly<Record<string, Date>>;
  lastStatusUpdateAt: Date | null;
  businessHours: BusinessHours;
  /** Added to `immediately` deadlines. */
  graceMinutes: number;
  now: Date;
}

export interface StatusResult {
  steps: StepStatus[];
  overdue: string[];
  nextChangeAt: Date | null;
}

const MINUTE = 60_000;
/** "Due soon" starts this long before a single deadline at most (ranges use their lower bound). */
const DUE_SOON_MAX_MS = 15 * MINUTE;

function blank(step: Step, state: StepState, doneAt: Date | null = null): StepStatus {
  return { id: step.id, state, dueAt: null, dueSoonAt: null, doneAt, variant: null, occurrence: null };
}

function statusOf(step: Step, input: StatusInput): { status: StepStatus; next: number[] } {
  const doneAt = input.checkedAt[step.id] ?? null;
  const now = input.now.getTime();
  if (step.severities !== null && input.severity !== null && !step.severities.includes(input.severity)) {
    return { status: blank(step, 'not-applicable', doneAt), next: [] };
  }
  const deadline = step.deadline;
  const resolved = input.anchors.resolved;
  if (!deadline) return { status: blank(step, step.checked ? 'done' : 'pending', doneAt), next: [] };
  const anchor = input.anchors[deadline.anchor];
  if (!anchor) {
    const state = step.checked ? (doneAt ? 'done-on-time' : 'done') : 'waiting';
    return { status: blank(step, state, doneAt), next: [] };
  }
  const endedBeforeIt = resolved !== null && deadline.anchor !== 'resolved';

  let variant: Variant | null = null;
  let minutes = deadline.maxMinutes;
  if (deadline.variants) {
    variant = isBusinessTime({ at: anchor, hours: input.businessHours }) ? 'daytime' : 'off-hours';
    minutes = deadline.variants[variant];
  }
  if (minutes === 0) minutes = input.graceMinutes;
  const anchorMs = anchor.getTime();

  if (deadline.everyMinutes !== null) {
    if (endedBeforeIt) return { status: { ...blank(step, step.checked ? 'done' : 'not-done', doneAt) }, next: [] };
    const every = deadline.everyMinutes * MINUTE;
    const update = input.lastStatusUpdateAt?.getTime() ?? null;
    const base = update !== null && update > anchorMs ? update : anchorMs;
    // Missed intervals keep counting from the last update: each one is a new occurrence.
    const missed = now >= base + every ? Math.floor((now - base) / every) : 0;
    const dueMs = base + Math.max(1, missed) * every;
    const occurrence = Math.round((dueMs - anchorMs) / every);
    const dueSoonMs = dueMs - Math.min(DUE_SOON_MAX_MS, every / 4);
    const state: StepState = now >= dueMs ? 'overdue' : now >= dueSoonMs ? 'due-soon' : 'pending';
    const next = state === 'overdue' ? [dueMs + every] : state === 'due-soon' ? [dueMs] : [dueSoonMs, dueMs];
    return {
      status: { id: step.id, state, dueAt: new Date(dueMs), dueSoonAt: new Date(dueSoonMs), doneAt, variant, occurrence },
      next,
    };
  }

  const dueMs = anchorMs + minutes * MINUTE;
  const isRange = !deadline.variants && deadline.minMinutes < deadline.maxMinutes;
  const dueSoonMs = isRange ? anchorMs + deadline.minMinutes * MINUTE : dueMs - Math.min(DUE_SOON_MAX_MS, (dueMs - anchorMs) / 4);
  const base = { id: step.id, dueAt: new Date(dueMs), dueSoonAt: new Date(dueSoonMs), doneAt, variant, occurrence: null };
  if (step.checked) {
    const state: StepState = doneAt === null ? 'done' : doneAt.getTime() <= dueMs ? 'done-on-time' : 'done-late';
    return { status: { ...base, state }, next: [] };
  }
  if (endedBeforeIt) return { status: { ...base, state: 'not-done' }, next: [] };
  const state: StepState = now >= dueMs ? 'overdue' : now >= dueSoonMs ? 'due-soon' : 'pending';
  return { status: { ...base, state }, next: [dueSoonMs, dueMs] };
}

export function computeStatus(input: StatusInput): StatusResult {
  const now = input.now.getTime();
  const steps: StepStatus[] = [];
  let nextChange = Infinity;
  for (const step of input.steps) {
    const { status, next } = statusOf(step, input);
    steps.push(status);
    for (const t of next) if (t > now && t < nextChange) nextChange = t;
  }
  return {
    steps,
    overdue: steps.filter((s) => s.state === 'overdue').map((s) => s.id),
    nextChangeAt: nextChange === Infinity ? null : new Date(nextChange),
  };
}
