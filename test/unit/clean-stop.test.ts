import { afterEach, describe, expect, it } from '@jest/globals';
import { stopCleanly } from '../../src/server/clean-stop.js';

describe('the clean stop', () => {
  const before = process.listeners('SIGTERM');
  afterEach(() => {
    for (const listener of process.listeners('SIGTERM'))
      if (!before.includes(listener)) process.off('SIGTERM', listener);
    for (const listener of process.listeners('SIGINT')) process.off('SIGINT', listener);
  });

  it("quiets the process's own background work before it stops the intake and drains", async () => {
    const steps: string[] = [];
    const exited = new Promise<number>((resolve) =>
      stopCleanly({
        quiet: () => steps.push('quiet'),
        stopIntake: async () => void steps.push('stopIntake'),
        drain: async () => (steps.push('drain'), 0),
        log: { info: () => undefined, warn: () => undefined },
        exit: resolve,
      }),
    );
    process.emit('SIGTERM', 'SIGTERM');
    expect(await exited).toBe(0);
    expect(steps).toEqual(['quiet', 'stopIntake', 'drain']);
  });
});
