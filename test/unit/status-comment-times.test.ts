import { describe, expect, it } from '@jest/globals';
import { computeStatus } from '../../src/domain/incident/status.js';
import { emptyMetadata } from '../../src/domain/incident/metadata.js';
import type { Step } from '../../src/domain/template/types.js';
import { renderStatusComment } from '../../src/render/status-comment.js';
import { emptyStatusView } from '../helpers/status-view.js';

/**
 * The status comment shows how long until a step is due (or how long it has been overdue), while its
 * view key, which decides whether the comment is written again, leaves those moving words out: minutes
 * passing alone never cost a write, a state change always does.
 */
const START = new Date('2026-11-23T10:00:00Z');
const at = (minutes: number) => new Date(START.getTime() + minutes * 60_000);

const step = (id: string, minutes: number | null, checked = false): Step => ({
  id,
  text: `Step ${id}`,
  checked,
  section: null,
  depth: 0,
  line: 1,
  deadline:
    minutes === null
      ? null
      : { anchor: 'start', minMinutes: minutes, maxMinutes: minutes, everyMinutes: null, variants: null },
  severities: null,
  postIncident: false,
});

const STEPS = [step('ack', 60), step('plain', null), step('done', 30, true)];

function rendered(minutes: number) {
  const now = at(minutes);
  const status = computeStatus({
    steps: STEPS,
    severity: null,
    anchors: { start: START, acknowledged: null, mitigated: null, resolved: null },
    checkedAt: { done: at(10) },
    lastStatusUpdateAt: null,
    businessHours: { timezone: 'UTC', days: [1, 2, 3, 4, 5], startMinute: 9 * 60, endMinute: 17 * 60 },
    graceMinutes: 5,
    now,
  });
  const view = emptyStatusView({ now, steps: STEPS, status });
  return renderStatusComment({ view, metadata: emptyMetadata() });
}

const rowOf = (body: string, id: string) => body.split('\n').find((line) => line.includes(`Step ${id}`)) ?? '';

describe('the status comment over time', () => {
  it.each<[string, number, string]>([
    ['pending, with its time to go', 5, 'due in 55 min'],
    ['due soon, with its time to go', 50, 'due soon: in 10 min'],
    ['overdue, by how long', 75, '**overdue by 15 min**'],
  ])('a step %s, at minute %d: "%s"', (_name, minutes, words) => {
    expect(rowOf(rendered(minutes).body, 'ack')).toContain(words);
  });

  it.each<[string, number, number, boolean]>([
    ['minutes passing while pending', 5, 20, true],
    ['minutes passing while overdue', 75, 200, true],
    ['pending turning due soon', 20, 50, false],
    ['due soon turning overdue', 50, 75, false],
  ])('%s (minute %d to %d): the same view key: %s', (_name, from, to, same) => {
    expect(rendered(from).viewKey === rendered(to).viewKey).toBe(same);
  });

  it('rows whose words do not move read the same at any time', () => {
    expect(rowOf(rendered(5).body, 'plain')).toBe(rowOf(rendered(75).body, 'plain'));
    expect(rowOf(rendered(5).body, 'done')).toBe(rowOf(rendered(75).body, 'done'));
    expect(rowOf(rendered(5).body, 'done')).toContain('done on time');
  });
});
