import type { IncidentMetadata } from './metadata.js';
import type { Step } from '../template/types.js';

type TickState = Pick<IncidentMetadata, 'checkedAt' | 'checkedUnknown'>;

/**
 * When was each box ticked? GitHub keeps no history of task-list ticks, so the app records the time
 * of the `issues.edited` event whose `changes.body.from` shows the box unticked and the new body shows
 * it ticked. Boxes found ticked without such evidence (ticked while the app was down, or a body the
 * app first sees already ticked) are "ticked at an unknown time": done, but neither on time nor late.
 */
export function trackTicks(params: {
  /** Steps of the previous body (`changes.body.from`), or null when there is no previous body. */
  before: readonly Step[] | null;
  after: readonly Step[];
  state: TickState;
  /** The event time: the edit, or the issue's creation for `issues.opened`. */
  at: Date;
  /** True when boxes ticked in `after` without a `before` were ticked at `at` (a new issue). */
  newIssue: boolean;
}): TickState {
  // The edits of a burst share their steps (only boxes differ): then compare by position, no map.
  const { before, after } = params;
  const aligned = before !== null && before.length === after.length && before.every((s, i) => s.id === after[i]?.id);
  const previous = aligned ? null : new Map(before?.map((s) => [s.id, s.checked]) ?? []);
  const checkedAt: Record<string, string> = {};
  const checkedUnknown: string[] = [];
  const at = params.at.toISOString();
  for (let i = 0; i < after.length; i++) {
    const step = after[i] as Step;
    if (!step.checked) continue;
    const known = params.state.checkedAt[step.id];
    if (known !== undefined) {
      checkedAt[step.id] = known;
    } else if (before !== null && (previous ? previous.get(step.id) : before[i]?.checked) !== true) {
      // Unticked (or absent) before this edit, ticked after it: ticked now.
      checkedAt[step.id] = at;
    } else if (params.before === null && params.newIssue) {
      checkedAt[step.id] = at;
    } else if (!checkedUnknown.includes(step.id)) {
      checkedUnknown.push(step.id);
    }
  }
  return { checkedAt, checkedUnknown };
}
