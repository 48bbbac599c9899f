import { describe, expect, it } from '@jest/globals';
import { commitStatusPage, StatusPageMovedError } from '../../src/github/status-page-commit.js';
import { readStatusPageBranch } from '../../src/github/status-page-branch.js';
import type { Octokit } from '../../src/github/octokit.js';
import { SimulatedGitHub } from '../../src/simulator/state.js';
import { unthrottledOctokit } from '../../src/simulator/unthrottled-octokit.js';
import { serveSimulator } from '../helpers/action-run.js';

/**
 * Two incidents publish to one status branch at the same moment: each read the branch, built its page,
 * and commits. The second must not land on top of the first with files built from the older branch
 * (that would drop the first incident's update from incidents.json): its commit is refused, and its next
 * pass reads the branch again. Against the simulator over HTTP.
 */
const TARGET = { owner: 'acme', repo: 'status', branch: 'status-page', path: 'status' };

async function world() {
  const sim = new SimulatedGitHub(() => new Date('2026-12-04T10:00:00Z'));
  sim.addRepo('acme/status', 'public');
  const server = await serveSimulator(sim);
  const octokit = new (unthrottledOctokit())({ auth: 'test', baseUrl: server.url }) as unknown as Octokit;
  return { sim, server, octokit };
}

describe('the status branch moves between the read and the commit', () => {
  it('a commit built from the older head is refused; control: one built from the head it read lands', async () => {
    const { server, octokit } = await world();
    try {
      // The first publish creates the branch.
      const empty = await readStatusPageBranch(octokit, TARGET);
      expect(empty.head).toBeNull();
      await commitStatusPage({
        octokit,
        target: TARGET,
        files: { 'status/incidents.json': '{"first":1}\n' },
        message: 'one',
        parent: empty.head,
      });
      // Two passes read the branch at the same head.
      const a = await readStatusPageBranch(octokit, TARGET);
      const b = await readStatusPageBranch(octokit, TARGET);
      expect(a.incidentsJson).toBe('{"first":1}\n');
      await commitStatusPage({
        octokit,
        target: TARGET,
        files: { 'status/incidents.json': '{"first":1,"a":1}\n' },
        message: 'a',
        parent: a.head,
      });
      // B built its files from the older branch: landing them would drop A's update.
      await expect(
        commitStatusPage({
          octokit,
          target: TARGET,
          files: { 'status/incidents.json': '{"first":1,"b":1}\n' },
          message: 'b',
          parent: b.head,
        }),
      ).rejects.toBeInstanceOf(StatusPageMovedError);
      const after = await readStatusPageBranch(octokit, TARGET);
      expect(after.incidentsJson).toBe('{"first":1,"a":1}\n');
      // Control: B's next pass, built from the head it read, lands.
      await commitStatusPage({
        octokit,
        target: TARGET,
        files: { 'status/incidents.json': '{"first":1,"a":1,"b":1}\n' },
        message: 'b again',
        parent: after.head,
      });
      expect((await readStatusPageBranch(octokit, TARGET)).incidentsJson).toBe('{"first":1,"a":1,"b":1}\n');
    } finally {
      await server.close();
    }
  });

  it('a branch another pass created meanwhile is not replaced', async () => {
    const { server, octokit } = await world();
    try {
      const a = await readStatusPageBranch(octokit, TARGET);
      const b = await readStatusPageBranch(octokit, TARGET);
      await commitStatusPage({ octokit, target: TARGET, files: { 'status/x': 'a\n' }, message: 'a', parent: a.head });
      await expect(
        commitStatusPage({ octokit, target: TARGET, files: { 'status/x': 'b\n' }, message: 'b', parent: b.head }),
      ).rejects.toBeInstanceOf(StatusPageMovedError);
      expect((await readStatusPageBranch(octokit, TARGET)).blobs.x).toBeDefined();
    } finally {
      await server.close();
    }
  });
});
