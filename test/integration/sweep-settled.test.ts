import { describe, expect, it } from '@jest/globals';
import type { PassRecord } from '../../src/app/create-app.js';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';

/**
 * The app's own comments move an issue's updated_at (GitHub does, and the simulator does too), so the
 * sweep after the one that wrote a status comment lists that incident again as changed. An incident this
 * process handled that needed no wake, unchanged since, gets no pass from the next sweeps (the bench's
 * warm sweep: 391 counted requests without this, 50 with it); one a person changed since gets one
 * (the control: the check can see a revisit).
 */
const T0 = new Date('2026-12-04T10:00:00Z');
const day = 86_400_000;

describe('the sweeps after the app wrote', () => {
  it('give no pass to closed incidents it settled, and one to the incident a person commented on', async () => {
    const passes: PassRecord[] = [];
    const harness = await SimulatorHarness.create({ start: T0, sweep: true, onPass: (p) => passes.push(p) });
    const human = new HumanActions(harness.github);
    const repo = harness.github.addRepo('acme/shop');
    harness.github.setPermission('alice', 'acme/shop', 'write');
    for (let i = 0; i < 6; i++) {
      const { issue } = human.open(repo, {
        title: `Incident ${i}`,
        body: '- [ ] Mitigate\n',
        labels: ['incident'],
        by: 'alice',
      });
      issue.state = 'closed';
      issue.state_reason = 'completed';
      issue.created_at = new Date(T0.getTime() - 3 * day).toISOString();
      issue.closed_at = new Date(T0.getTime() - 2 * day).toISOString();
      issue.updated_at = issue.closed_at;
    }
    const sweeper = harness.runtime.sweeper;
    if (!sweeper) throw new Error('the sweep is off');
    await sweeper.sweepOnce();
    await harness.settle();
    // Every incident got its status comment, which moved its updated_at.
    expect(repo.issues.every((i) => i.comments.length === 1)).toBe(true);
    expect(passes).toHaveLength(6);

    // The sweeps of the next 45 minutes (the harness runs the periodic one as time passes) and one more.
    await harness.advanceTo(new Date(T0.getTime() + 45 * 60_000));
    await sweeper.sweepOnce();
    await harness.settle();
    expect(passes).toHaveLength(6);

    // Control: a person comments on one; the next sweep gives that one a pass, and only it.
    human.comment(repo, 3, { body: 'Adding the timeline later.', by: 'alice' });
    await harness.advanceTo(new Date(T0.getTime() + 65 * 60_000));
    await sweeper.sweepOnce();
    await harness.settle();
    expect(passes.slice(6).map((p) => p.issue)).toEqual([3]);
    harness.runtime.stop();
  });
});
