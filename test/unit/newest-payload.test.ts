import { describe, expect, it } from '@jest/globals';
import {
  bodyDigest,
  decodeNewestMark,
  encodeNewestMark,
  NewestPayloads,
  newestVerdict,
  type NewestMark,
  type PayloadStamp,
} from '../../src/runtime/newest-payload.js';

const T = Date.parse('2026-11-23T10:00:05Z');
/** A body edit at `at`, from one body to the next. */
const edit = (from: string, to: string, at = T): PayloadStamp => ({ at, bodyFrom: from, body: to });
/** Any other event (opened, labeled, closed, a comment): the body as it is, nothing replaced. */
const other = (body: string, at = T): PayloadStamp => ({ at, bodyFrom: null, body });
/** The app's own change: no payload of the coming second may stand for the issue. */
const ownWrite = (at: number): PayloadStamp => ({ at, bodyFrom: null, body: null });

/** Each batch in turn against one incident's memory: which ones' last payload could stand for the issue. */
const play = (batches: PayloadStamp[][]): boolean[] => {
  const newest = new NewestPayloads();
  return batches.map((batch) => newest.usable('acme/app#1', batch));
};

describe('which payload stands for the issue', () => {
  it.each<[string, PayloadStamp[][], boolean[]]>([
    ['the first payload seen', [[other('A')]], [true]],
    ['a newer second', [[other('A', T - 1_000)], [edit('A', 'B')]], [true, true]],
    ['an older second (a late delivery)', [[edit('A', 'B')], [edit('Z', 'A', T - 1_000)]], [true, false]],
    ['a payload without a time', [[{ at: null, bodyFrom: 'A', body: 'B' }]], [false]],
    // The same second: body edits that continue the newest body, in order, to bodies not seen in it.
    [
      'same second: the next edit of a chain',
      [[edit('A', 'B')], [edit('B', 'C')], [edit('C', 'D')]],
      [true, true, true],
    ],
    ['same second: a batch of edits in order', [[edit('A', 'B'), edit('B', 'C'), edit('C', 'D')]], [true]],
    [
      'same second: a batch continuing the last one',
      [[edit('A', 'B')], [edit('B', 'C'), edit('C', 'D')]],
      [true, true],
    ],
    [
      'same second: an edit that does not continue the newest body',
      [[edit('A', 'B')], [edit('A', 'C')]],
      [true, false],
    ],
    ['same second: a batch out of order', [[edit('B', 'C'), edit('A', 'B')]], [false]],
    ['same second: a gap in the batch', [[edit('A', 'B'), edit('C', 'D')]], [false]],
    ['same second: a late edit arriving after the next one', [[edit('B', 'C')], [edit('A', 'B')]], [true, false]],
    // B to C, C to A, then the earlier A to B delivered late: it starts from the newest body, but its
    // result was seen in this second (the control: an edit from A to a body never seen is used).
    [
      'same second: a late edit whose result was seen',
      [[edit('B', 'C')], [edit('C', 'A')], [edit('A', 'B')]],
      [true, true, false],
    ],
    [
      'same second: the control, to a body not seen',
      [[edit('B', 'C')], [edit('C', 'A')], [edit('A', 'D')]],
      [true, true, true],
    ],
    ['same second: B to A, then the earlier A to B late', [[edit('B', 'A')], [edit('A', 'B')]], [true, false]],
    ['same second: back to a body seen in the second', [[edit('A', 'B')], [edit('B', 'A')]], [true, false]],
    ['same second: a chain of bodies going back in one batch', [[edit('A', 'B'), edit('B', 'A')]], [false]],
    // Events that replace no body cannot be ordered within their second.
    ['same second: a label after an edit', [[edit('A', 'B')], [other('B')]], [true, false]],
    // A close, a label or a comment ends following on for its second: a late edit that starts from the
    // body it showed may be older than it (the control: after an edit, the same edit is used).
    ['same second: an edit after a label or a close', [[other('A')], [edit('A', 'B')]], [true, false]],
    ['same second: the control, an edit after an edit', [[edit('Z', 'A')], [edit('A', 'B')]], [true, true]],
    [
      'same second: after a label read fresh, nothing follows on',
      [[other('A')], [other('A')], [edit('A', 'B')]],
      [true, false, false],
    ],
    ['same second: a label and edits in one batch', [[other('A'), edit('A', 'B')]], [false]],
    [
      'the next second after a same-second read',
      [[edit('A', 'B')], [other('B')], [edit('B', 'C', T + 1_000)]],
      [true, false, true],
    ],
    // The app's own label, assignee or close: a mark a second after the write, with no body (never used).
    [
      "after the app's own write at T + 0.4 s",
      [[edit('A', 'B')], [ownWrite(T + 1_400)], [edit('B', 'C', T + 1_000)]],
      [true, false, false],
    ],
    [
      "after the app's own write, a second later",
      [[edit('A', 'B')], [ownWrite(T + 1_400)], [edit('B', 'C', T + 2_000)]],
      [true, false, true],
    ],
  ])('%s', (_, batches, usable) => {
    expect(play(batches)).toEqual(usable);
  });

  it('a second with too many bodies stops following on (a script editing in a loop reads instead)', () => {
    const bodies = Array.from({ length: 40 }, (_, i) => `body ${i}`);
    const verdicts = play(bodies.slice(1).map((to, i) => [edit(bodies[i] as string, to)]));
    // 32 bodies are kept (the 32nd edit is still judged against all of them), none after.
    expect(verdicts.indexOf(false)).toBe(32);
    expect(verdicts.slice(32).some(Boolean)).toBe(false);
  });

  it('an incident forgotten for others keeps its time: a same-second edit reads, an older one is still refused', () => {
    const newest = new NewestPayloads();
    expect(newest.usable('acme/app#1', [edit('A', 'B')])).toBe(true);
    for (let i = 2; i < 5_000; i++) newest.usable(`acme/app#${i}`, [edit('A', 'B')]);
    expect(newest.usable('acme/app#1', [edit('B', 'C')])).toBe(false);
    expect(newest.usable('acme/app#1', [edit('B', 'C', T - 1_000)])).toBe(false);
    expect(newest.newestSeen('acme/app#1')).toBe(T);
    // The control: remembered, the same edit is used.
    const fresh = new NewestPayloads();
    fresh.usable('acme/app#1', [edit('A', 'B')]);
    expect(fresh.usable('acme/app#1', [edit('B', 'C')])).toBe(true);
  });
});

describe('the mark as kept in Redis (read back untrusted)', () => {
  const mark: NewestMark = { at: T, body: bodyDigest('B'), seen: [bodyDigest('A'), bodyDigest('B')] };

  it('round trips, with and without a body', () => {
    expect(decodeNewestMark(encodeNewestMark(mark))).toEqual(mark);
    expect(decodeNewestMark(encodeNewestMark({ at: T, body: null, seen: [] }))).toEqual({
      at: T,
      body: null,
      seen: [],
    });
    expect(decodeNewestMark(null)).toBeNull();
  });

  it.each([
    ['not a number', 'soon'],
    ['a negative time', '-5'],
    ['a fraction', '1.5'],
    ['a body that is not a digest', `${T} B`],
    ['a body not among the seen', `${T} ${bodyDigest('B')} ${bodyDigest('A')}`],
    ['a seen entry that is not a digest', `${T} ${bodyDigest('B')} ${bodyDigest('B')} x`],
    ['too many seen', `${T} ${bodyDigest('B')} ${Array.from({ length: 33 }, () => bodyDigest('B')).join(' ')}`],
    ['an empty value', ''],
  ])('%s is malformed', (_, text) => {
    expect(decodeNewestMark(text)).toBe('malformed');
  });

  it('a verdict over a decoded mark is the same as over the mark', () => {
    const batch = [edit('B', 'C')];
    expect(newestVerdict(decodeNewestMark(encodeNewestMark(mark)) as NewestMark, batch)).toEqual(
      newestVerdict(mark, batch),
    );
    expect(newestVerdict(mark, batch).ok).toBe(true);
  });
});
