import type { StatusResult, StepStatus } from './status.js';

/**
 * Which overdue steps get a warning now. A warning is keyed by step, and for recurring steps by
 * occurrence, so each missed interval warns once. With `repeatMinutes`, a step still overdue that long
 * after its last warning is warned again.
 */
export function warningKey(status: Pick<StepStatus, 'id' | 'occurrence'>): string {
  return status.occurrence === null ? status.id : `${status.id}#${status.occurrence}`;
}

export interface WarningDecision {
  /** Overdue steps to name in one new warning comment, in checklist order. */
  due: StepStatus[];
  /** The warned map after posting that comment. */
  warned: Record<string, string>;
  /** The next time a repeat warning falls due, or null. */
  nextRepeatAt: Date | null;
}

export function decideWarnings(params: {
  status: StatusResult;
  warned: Readonly<Record<string, string>>;
  repeatMinutes: number | null;
  now: Date;
}): WarningDecision {
  const warned: Record<string, string> = { ...params.warned };
  const due: StepStatus[] = [];
  let nextRepeatAt: Date | null = null;
  const repeatMs = params.repeatMinutes === null ? null : params.repeatMinutes * 60_000;
  for (const step of params.status.steps) {
    if (step.state !== 'overdue') continue;
    const key = warningKey(step);
    const last = warned[key];
    const repeatAt = last !== undefined && repeatMs !== null ? new Date(Date.parse(last) + repeatMs) : null;
    if (last === undefined || (repeatAt !== null && repeatAt.getTime() <= params.now.getTime())) {
      due.push(step);
      warned[key] = params.now.toISOString();
      if (repeatMs !== null) nextRepeatAt = earliest(nextRepeatAt, new Date(params.now.getTime() + repeatMs));
    } else if (repeatAt !== null) {
      nextRepeatAt = earliest(nextRepeatAt, repeatAt);
    }
  }
  return { due, warned, nextRepeatAt };
}

function earliest(a: Date | null, b: Date): Date {
  return a === null || b.getTime() < a.getTime() ? b : a;
}
