import { describe, expect, it } from '@jest/globals';
import { VirtualClock } from '../../src/simulator/virtual-clock.js';
import { KeyedQueue, PRIORITY } from '../../src/runtime/job-queue.js';
import { RateBudget } from '../../src/runtime/rate-budget.js';
import { WritePacer } from '../../src/runtime/write-pacer.js';
import { writeKindOf } from '../../src/github/paced-octokit.js';

const T0 = new Date('2026-11-23T10:00:00Z');
const turns = async (n = 20) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('KeyedQueue lanes (one per installation)', () => {
  it("an installation whose jobs all hang never holds another installation's job", async () => {
    const queue = new KeyedQueue({ concurrency: 8, perLane: 2, burstWaitMs: 0 });
    const never = new Promise<void>(() => undefined);
    for (let i = 0; i < 10; i++) void queue.push(`busy#${i}`, () => never, { lane: 'A' });
    let ran = false;
    void queue.push(
      'idle#1',
      async () => {
        ran = true;
      },
      { lane: 'B' },
    );
    await turns();
    expect(ran).toBe(true);
  });

  it('within a lane, the most urgent waiting key goes first, in arrival order within a priority', async () => {
    const queue = new KeyedQueue({ perLane: 1, burstWaitMs: 0 });
    const order: string[] = [];
    let release: () => void = () => undefined;
    void queue.push('first', () => new Promise<void>((resolve) => (release = resolve)), { lane: 'A' });
    await turns();
    for (const [key, priority] of [
      ['refresh-1', PRIORITY.refresh],
      ['edit-1', PRIORITY.normal],
      ['warn-1', PRIORITY.urgent],
      ['warn-2', PRIORITY.urgent],
    ] as const) {
      void queue.push(key, async () => void order.push(key), { lane: 'A', priority });
    }
    release();
    await queue.idle();
    expect(order).toEqual(['warn-1', 'warn-2', 'edit-1', 'refresh-1']);
  });
});

describe('WritePacer', () => {
  it('spaces writes a second apart, urgent before status, per installation', async () => {
    const clock = new VirtualClock(T0);
    const pacer = new WritePacer({ clock });
    const log: string[] = [];
    const take = (installation: string, kind: 'urgent' | 'status', name: string) =>
      void pacer
        .acquire(installation, kind)
        .then(() => log.push(`${name}@${(clock.now().getTime() - T0.getTime()) / 1000}`));
    take('A', 'status', 'a-status-1');
    take('A', 'status', 'a-status-2');
    take('A', 'urgent', 'a-warn');
    take('B', 'status', 'b-status');
    await turns(2);
    await clock.advanceTo(new Date(T0.getTime() + 10_000), () => turns(2));
    expect(log).toEqual(['a-status-1@0', 'b-status@0', 'a-warn@1', 'a-status-2@2']);
  });

  it('at most `perMinute` creating writes in any minute, and `perHour` in any hour', async () => {
    const clock = new VirtualClock(T0);
    const pacer = new WritePacer({ clock, spacingMs: 0, perMinute: 80, perHour: 500 });
    const times: number[] = [];
    for (let i = 0; i < 600; i++) void pacer.acquire('A', 'urgent').then(() => times.push(clock.now().getTime()));
    await turns(2);
    await clock.advanceTo(new Date(T0.getTime() + 3 * 3_600_000), () => turns(2));
    expect(times).toHaveLength(600);
    let worstMinute = 0;
    let worstHour = 0;
    for (let i = 0, m = 0, h = 0; i < times.length; i++) {
      while ((times[i] as number) - (times[m] as number) >= 60_000) m++;
      while ((times[i] as number) - (times[h] as number) >= 3_600_000) h++;
      worstMinute = Math.max(worstMinute, i - m + 1);
      worstHour = Math.max(worstHour, i - h + 1);
    }
    expect(worstMinute).toBe(80);
    expect(worstHour).toBe(500);
  });

  it('classifies writes from the request: status edits, new comments, the rest', () => {
    expect(writeKindOf('PATCH', '/repos/{owner}/{repo}/issues/comments/{comment_id}')).toBe('status');
    expect(writeKindOf('POST', '/repos/acme/app/issues/7/comments')).toBe('urgent');
    expect(writeKindOf('POST', '/repos/acme/app/issues/7/labels')).toBe('normal');
  });
});

describe('RateBudget', () => {
  it('reads the headers: slows down below 20%, holds status refreshes below 10%, logs each change once', () => {
    const clock = new VirtualClock(T0);
    const logged: string[] = [];
    const budget = new RateBudget({ clock, log: { warn: (_o, m) => logged.push(m), info: (_o, m) => logged.push(m) } });
    const reset = String(T0.getTime() / 1000 + 1_000);
    const headers = (remaining: number) => ({
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': reset,
    });
    budget.observe('1', headers(4000));
    expect(budget.pauseMs('1')).toBe(0);
    expect(budget.isLow('1')).toBe(false);
    budget.observe('1', headers(800));
    expect(budget.pauseMs('1')).toBe(Math.ceil(1_000_000 / 800));
    budget.observe('1', headers(400));
    budget.observe('1', headers(399));
    expect(budget.isLow('1')).toBe(true);
    expect(budget.isLow('2')).toBe(false);
    expect(logged).toHaveLength(1);
    clock.advanceTo(new Date(T0.getTime() + 1_000_000));
    expect(budget.isLow('1')).toBe(false);
  });
});
