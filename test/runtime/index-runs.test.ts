import { describe, expect, it } from '@jest/globals';
import { CoalescedRuns } from '../../src/runtime/coalesced-runs.js';
import { MemoryRuntime } from '../../src/runtime/memory-runtime.js';
import { VirtualClock } from '../../src/simulator/virtual-clock.js';

const deferred = () => {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('CoalescedRuns: one index refresh at a time per reports repository, triggers folded', () => {
  it('two triggers at once make one run; triggers during a run share one follow-up run', async () => {
    const runs = new CoalescedRuns<number>();
    let started = 0;
    const gate = deferred();
    const fn = async () => {
      started += 1;
      const n = started;
      if (n === 1) await gate.promise;
      return n;
    };
    const first = runs.run('acme/reports', fn);
    // Arrive while the first runs: they wait for one follow-up (it sees what they saw), shared.
    const second = runs.run('acme/reports', fn);
    const third = runs.run('acme/reports', fn);
    // Another reports repository is not held back (the control).
    expect(await runs.run('acme/other', async () => -1)).toBe(-1);
    expect(started).toBe(1);
    gate.resolve();
    expect(await Promise.all([first, second, third])).toEqual([1, 2, 2]);
    expect(started).toBe(2);
    // Once idle, the next trigger runs at once.
    expect(await runs.run('acme/reports', fn)).toBe(3);
  });

  it('a failed run does not stop the follow-up', async () => {
    const runs = new CoalescedRuns<string>();
    const first = runs.run('k', () => Promise.reject(new Error('boom')));
    const second = runs.run('k', async () => 'ok');
    await expect(first).rejects.toThrow('boom');
    expect(await second).toBe('ok');
  });
});

describe('MemoryRuntime.claimCooldown', () => {
  it('claims once per window, on the injected clock; a release gives it back', async () => {
    const clock = new VirtualClock(new Date('2026-11-23T10:00:00Z'));
    const runtime = new MemoryRuntime<unknown>({ clock, onError: () => undefined });
    expect(await runtime.claimCooldown({ key: 'k', ms: 600_000 })).toEqual({ claimed: true });
    expect(await runtime.claimCooldown({ key: 'k', ms: 600_000 })).toEqual({
      claimed: false,
      until: new Date('2026-11-23T10:10:00Z'),
    });
    await clock.advanceTo(new Date('2026-11-23T10:10:00Z'), async () => undefined);
    expect(await runtime.claimCooldown({ key: 'k', ms: 600_000 })).toEqual({ claimed: true });
    await runtime.releaseCooldown('k');
    expect(await runtime.claimCooldown({ key: 'k', ms: 600_000 })).toEqual({ claimed: true });
    await runtime.close();
  });
});
