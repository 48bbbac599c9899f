import { describe, expect, it } from '@jest/globals';
import { commandRecovery } from '../../src/app/command-recovery.js';
import { VirtualClock } from '../../src/simulator/virtual-clock.js';

/**
 * When command recovery is on (app/command-recovery.ts): from the start without Redis; with Redis only
 * after Redis came back empty (`rearm`), until a sweep that started after that completes without failure.
 * A rearm while a sweep runs keeps it on past that sweep, which listed some incidents before the loss.
 */
type Step = 'rearm' | 'start' | 'complete' | 'cut short';

const switchAfter = (params: { atStart: boolean; windowMinutes?: number; steps: Step[] }): boolean => {
  const recovery = commandRecovery({
    clock: new VirtualClock(new Date('2026-11-23T10:00:00Z')),
    windowMinutes: params.windowMinutes ?? 60,
    atStart: params.atStart,
    botLogin: async () => 'bot',
    config: async () => {
      throw new Error('not listed here');
    },
    auth: async () => {
      throw new Error('not listed here');
    },
    enqueue: async () => undefined,
    log: { info: () => undefined },
  });
  for (const step of params.steps) {
    if (step === 'rearm') recovery.rearm();
    else if (step === 'start') recovery.starting();
    else recovery.swept({ issues: 0, requests: 0, complete: step === 'complete' });
  }
  return recovery.active();
};

describe('command recovery: on and off', () => {
  it.each<[string, { atStart: boolean; windowMinutes?: number; steps: Step[] }, boolean]>([
    ['no Redis, at start', { atStart: true, steps: [] }, true],
    ['no Redis, after a complete sweep', { atStart: true, steps: ['start', 'complete'] }, false],
    ['no Redis, after a sweep cut short', { atStart: true, steps: ['start', 'cut short'] }, true],
    ['no Redis, window off', { atStart: true, windowMinutes: 0, steps: [] }, false],
    ['Redis, at start', { atStart: false, steps: [] }, false],
    ['Redis emptied', { atStart: false, steps: ['start', 'complete', 'rearm'] }, true],
    ['Redis emptied, then a complete sweep', { atStart: false, steps: ['rearm', 'start', 'complete'] }, false],
    [
      'Redis emptied while a sweep ran: that sweep ends',
      { atStart: false, steps: ['start', 'rearm', 'complete'] },
      true,
    ],
    [
      'Redis emptied while a sweep ran, then the next sweep completes',
      { atStart: false, steps: ['start', 'rearm', 'complete', 'start', 'complete'] },
      false,
    ],
    [
      'Redis emptied, window off (COMMAND_RECOVERY_WINDOW=off)',
      { atStart: false, windowMinutes: 0, steps: ['rearm'] },
      false,
    ],
  ])('%s', (_name, params, on) => {
    expect(switchAfter(params)).toBe(on);
  });
});
