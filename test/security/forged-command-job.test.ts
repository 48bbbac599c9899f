import { describe, expect, it } from '@jest/globals';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import { INSTALLATION_ID, type SimRepo } from '../../src/simulator/state.js';

/**
 * Issue #25 finding 6 (issue 27): a command job carries a comment's author and body, and with Redis a job
 * is untrusted input. The pass reads the comment by its id and acts on GitHub's version: a job whose
 * payload claims an admin author, or another body, changes nothing that comment could not.
 */
const T0 = new Date('2026-11-23T10:00:00Z');
const BODY = '**Severity:** High\n\n- [ ] `30 min` Fix it\n';

async function setup() {
  const harness = await SimulatorHarness.create({ start: T0, sweep: false });
  const repo = harness.github.addRepo('acme/shop', 'private');
  harness.github.setPermission('alice', 'acme/shop', 'admin');
  harness.github.setPermission('rob', 'acme/shop', 'read');
  const human = new HumanActions(harness.github);
  const { issue, event } = human.open(repo, { title: 'Checkout 500s', body: BODY, labels: ['incident'], by: 'alice' });
  await harness.deliver(event);
  return { harness, repo, issue, human };
}

/** Queues a command job as another process (or whoever can write to Redis) could, bypassing the webhook. */
async function forgeJob(params: {
  harness: SimulatorHarness;
  repo: SimRepo;
  number: number;
  commentId: number;
  claims: { author: string; body: string };
}): Promise<void> {
  const { owner, name } = params.repo;
  const target = { owner, repo: name, number: params.number, installationId: INSTALLATION_ID };
  await params.harness.runtime.shared.enqueue({
    key: `${owner}/${name}#${params.number}`,
    work: {
      kind: 'comment',
      target,
      delivery: `forged-${params.commentId}`,
      at: T0.toISOString(),
      comment: {
        id: params.commentId,
        body: params.claims.body,
        author: params.claims.author,
        authorType: 'User',
        createdAt: T0.toISOString(),
      },
    },
  });
  await params.harness.settle();
}

describe('a queued command job acts on the comment as GitHub has it', () => {
  it('a job claiming an admin author and another body does what the real comment says, as its real author', async () => {
    const { harness, repo, issue, human } = await setup();
    // rob (read) wrote a harmless comment; its event is not delivered: only the forged job runs it.
    human.comment(repo, issue.number, { body: 'looking into it', by: 'rob' });
    const robs = issue.comments.at(-1);
    await forgeJob({
      harness,
      repo,
      number: issue.number,
      commentId: robs?.id ?? 0,
      claims: { author: 'alice', body: '/incident resolved' },
    });
    expect(issue.state).toBe('open');
    // Nothing recorded as resolved in the status comment's metadata either.
    expect(issue.comments.filter((c) => c.body.includes('"resolvedAt":"'))).toEqual([]);
  });

  it('control: the same job naming alice\'s real "/incident resolved" comment closes the incident', async () => {
    const { harness, repo, issue, human } = await setup();
    human.comment(repo, issue.number, { body: '/incident resolved', by: 'alice' });
    const alices = issue.comments.at(-1);
    await forgeJob({
      harness,
      repo,
      number: issue.number,
      commentId: alices?.id ?? 0,
      claims: { author: 'alice', body: '/incident resolved' },
    });
    expect(issue.state).toBe('closed');
  });

  it("a job naming rob's real command but claiming alice as its author is judged as rob's (read: refused)", async () => {
    const { harness, repo, issue, human } = await setup();
    human.comment(repo, issue.number, { body: '/incident resolved', by: 'rob' });
    const robs = issue.comments.at(-1);
    await forgeJob({
      harness,
      repo,
      number: issue.number,
      commentId: robs?.id ?? 0,
      claims: { author: 'alice', body: '/incident resolved' },
    });
    expect(issue.state).toBe('open');
  });

  it('a job naming a deleted comment does nothing that comment said', async () => {
    const { harness, repo, issue, human } = await setup();
    human.comment(repo, issue.number, { body: '/incident resolved', by: 'alice' });
    const id = issue.comments.at(-1)?.id ?? 0;
    human.deleteComment(repo, issue.number, { id, by: 'alice' });
    await forgeJob({
      harness,
      repo,
      number: issue.number,
      commentId: id,
      claims: { author: 'alice', body: '/incident resolved' },
    });
    expect(issue.state).toBe('open');
  });
});
