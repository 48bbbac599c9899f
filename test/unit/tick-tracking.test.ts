import { describe, expect, it } from '@jest/globals';
import { trackTicks } from '../../src/domain/incident/tick-tracking.js';
import type { Step } from '../../src/domain/template/types.js';

const step = (id: string, checked: boolean): Step => ({
  id,
  text: id,
  checked,
  section: null,
  depth: 0,
  line: 1,
  deadline: null,
  severities: null,
  postIncident: false,
});
const at = new Date('2026-11-23T14:00:00Z');
const earlier = '2026-11-23T13:00:00.000Z';

describe('trackTicks', () => {
  it.each<[string, Parameters<typeof trackTicks>[0], ReturnType<typeof trackTicks>]>([
    [
      'a box ticked in this edit gets the edit time',
      {
        before: [step('a', false)],
        after: [step('a', true)],
        state: { checkedAt: {}, checkedUnknown: [] },
        at,
        newIssue: false,
      },
      { checkedAt: { a: at.toISOString() }, checkedUnknown: [] },
    ],
    [
      'a known tick time is kept',
      {
        before: [step('a', true)],
        after: [step('a', true)],
        state: { checkedAt: { a: earlier }, checkedUnknown: [] },
        at,
        newIssue: false,
      },
      { checkedAt: { a: earlier }, checkedUnknown: [] },
    ],
    [
      'unticking forgets the time',
      {
        before: [step('a', true)],
        after: [step('a', false)],
        state: { checkedAt: { a: earlier }, checkedUnknown: [] },
        at,
        newIssue: false,
      },
      { checkedAt: {}, checkedUnknown: [] },
    ],
    [
      'ticked before and after, time unknown: unknown',
      {
        before: [step('a', true)],
        after: [step('a', true)],
        state: { checkedAt: {}, checkedUnknown: [] },
        at,
        newIssue: false,
      },
      { checkedAt: {}, checkedUnknown: ['a'] },
    ],
    [
      'a step added already ticked gets the edit time',
      { before: [], after: [step('b', true)], state: { checkedAt: {}, checkedUnknown: [] }, at, newIssue: false },
      { checkedAt: { b: at.toISOString() }, checkedUnknown: [] },
    ],
    [
      'ticked in a new issue: ticked when it was opened',
      { before: null, after: [step('a', true)], state: { checkedAt: {}, checkedUnknown: [] }, at, newIssue: true },
      { checkedAt: { a: at.toISOString() }, checkedUnknown: [] },
    ],
    [
      'no previous body (timer, sweep): unknown',
      {
        before: null,
        after: [step('a', true), step('c', false)],
        state: { checkedAt: {}, checkedUnknown: [] },
        at,
        newIssue: false,
      },
      { checkedAt: {}, checkedUnknown: ['a'] },
    ],
    [
      'removed steps are forgotten',
      {
        before: null,
        after: [],
        state: { checkedAt: { gone: earlier }, checkedUnknown: ['gone2'] },
        at,
        newIssue: false,
      },
      { checkedAt: {}, checkedUnknown: [] },
    ],
  ])('%s', (_name, input, expected) => {
    expect(trackTicks(input)).toEqual(expected);
  });
});
