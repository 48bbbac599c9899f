import { describe, expect, it } from '@jest/globals';
import { readMarker } from '../../src/domain/incident/markers.js';
import { METADATA_BUDGET_CHARS, fitMetadata, pruneWarned } from '../../src/domain/incident/metadata-budget.js';
import { emptyMetadata, parseMetadata, type IncidentMetadata } from '../../src/domain/incident/metadata.js';
import { decideVoice } from '../../src/domain/incident/one-voice.js';
import { MAX_STATUS_CHARS, renderStatusComment, type StatusView } from '../../src/render/status-comment.js';
import { localTime } from '../../src/render/time.js';
import { emptyStatusView } from '../helpers/status-view.js';

const NOW = new Date('2026-11-23T11:00:00Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const voice = (over: Partial<Parameters<typeof decideVoice>[0]> = {}) =>
  decideVoice({
    posted: [],
    mention: ['alice'],
    mentionedAt: {},
    mentionMinutes: 30,
    maxPerHour: 4,
    now: NOW,
    ...over,
  });

describe('one voice', () => {
  it.each<[string, Partial<Parameters<typeof decideVoice>[0]>, { post: boolean; ping: string[]; quiet: string[] }]>([
    ['nobody pinged lately: a ping', {}, { post: true, ping: ['alice'], quiet: [] }],
    [
      'pinged 10 minutes ago: named without a ping',
      { mentionedAt: { alice: ago(10) } },
      { post: true, ping: [], quiet: ['alice'] },
    ],
    [
      'pinged 30 minutes ago: a ping again',
      { mentionedAt: { alice: ago(30) } },
      { post: true, ping: ['alice'], quiet: [] },
    ],
    [
      'logins compare without case',
      { mention: ['Alice'], mentionedAt: { alice: ago(5) } },
      { post: true, ping: [], quiet: ['Alice'] },
    ],
    [
      '3 comments in the hour, cap 4: posted',
      { posted: [ago(50), ago(30), ago(10)] },
      { post: true, ping: ['alice'], quiet: [] },
    ],
    [
      '4 comments in the hour, cap 4: folded',
      { posted: [ago(50), ago(30), ago(10), ago(1)] },
      { post: false, ping: [], quiet: [] },
    ],
    [
      'an hour-old comment no longer counts',
      { posted: [ago(60), ago(30), ago(10), ago(1)] },
      { post: true, ping: ['alice'], quiet: [] },
    ],
  ])('%s', (_name, over, expected) => {
    const decision = voice(over);
    expect({ post: decision.post, ping: decision.ping, quiet: decision.quiet }).toEqual(expected);
  });

  it('folds until the hour has room again, and remembers whom it pinged', () => {
    expect(voice({ posted: [ago(50), ago(30)], maxPerHour: 2 }).foldedUntil).toBe(
      new Date(NOW.getTime() + 10 * 60_000).toISOString(),
    );
    expect(voice().mentionedAt).toEqual({ alice: NOW.toISOString() });
    // Old mentions are forgotten, so the record stays small.
    expect(voice({ mention: [], mentionedAt: { bob: ago(45) } }).mentionedAt).toEqual({});
  });
});

describe('the status comment metadata budget (issue #12, finding 7)', () => {
  const big = (): IncidentMetadata => ({
    ...emptyMetadata(),
    warned: { a: ago(100), 'cadence#1': ago(90), 'cadence#2': ago(60), 'cadence#10': ago(5), 'other#3': ago(1) },
    pendingItems: Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`item${i}`, { text: 'x'.repeat(600), since: ago(1) }]),
    ),
    followUps: Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [
        `f${i}`,
        {
          repo: 'acme/shop',
          number: i + 2,
          title: 'y'.repeat(256),
          state: 'open' as const,
          subIssue: true,
          note: null,
          url: `https://github.com/acme/shop/issues/${i + 2}`,
        },
      ]),
    ),
  });

  it('old occurrences of recurring warnings are pruned', () => {
    expect(pruneWarned(big().warned)).toEqual({ a: ago(100), 'cadence#10': ago(5), 'other#3': ago(1) });
  });

  it('100 pending items of 600 characters and 100 follow-ups fit the budget', () => {
    expect(JSON.stringify(big()).length).toBeGreaterThan(METADATA_BUDGET_CHARS);
    const fitted = fitMetadata(big());
    expect(JSON.stringify(fitted).length).toBeLessThanOrEqual(METADATA_BUDGET_CHARS);
    expect(Object.keys(fitted.pendingItems)).toHaveLength(100);
    expect(Object.keys(fitted.followUps)).toHaveLength(100);
  });

  const view = (over: Partial<StatusView> = {}): StatusView => emptyStatusView({ now: NOW, ...over });

  it('the visible part is cut first, never the marker', () => {
    const problems = Array.from({ length: 400 }, (_, i) => `problem ${i}: ${'z'.repeat(400)}`);
    const { body } = renderStatusComment({ view: view({ problems }), metadata: fitMetadata(big()) });
    expect(body.length).toBeLessThanOrEqual(MAX_STATUS_CHARS);
    expect(body).toContain('cut to fit');
    expect(parseMetadata(readMarker(body, 'status')?.data ?? null).viewKey).not.toBeNull();
  });

  it('a marker cut off by an older version is still the status comment, with unreadable metadata', () => {
    const { body } = renderStatusComment({ view: view(), metadata: emptyMetadata() });
    const cut = body.slice(0, 40);
    expect(readMarker(cut, 'status')).toEqual({ data: null });
    expect(parseMetadata(readMarker(cut, 'status')?.data ?? null).viewKey).toBeNull();
    // Someone's comment quoting a marker in the middle is not an app comment of that kind.
    expect(readMarker(`text ${cut}`, 'status')).toBeUndefined();
  });
});

describe("times in the team's time zone", () => {
  it.each<[string, string | undefined, string]>([
    ['2026-11-23T14:01:00Z', undefined, '2026-11-23 14:01 UTC'],
    ['2026-11-23T14:01:00Z', 'UTC', '2026-11-23 14:01 UTC'],
    ['2026-11-23T14:01:00Z', 'Europe/Berlin', '2026-11-23 15:01 UTC+01:00'],
    ['2026-07-23T14:01:00Z', 'Europe/Berlin', '2026-07-23 16:01 UTC+02:00'],
    ['2026-11-23T23:30:00Z', 'Asia/Kolkata', '2026-11-24 05:00 UTC+05:30'],
    ['2026-11-23T14:01:00Z', 'America/New_York', '2026-11-23 09:01 UTC-05:00'],
    ['2026-11-23T14:01:00Z', 'Europe/London', '2026-11-23 14:01 UTC'],
  ])('%s in %s', (at, zone, text) => {
    expect(localTime(new Date(at), zone)).toBe(text);
  });
});
