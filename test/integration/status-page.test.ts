import { describe, expect, it } from '@jest/globals';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import { BOT_LOGIN, type SimRepo } from '../../src/simulator/state.js';
import {
  at,
  branchFiles,
  INCIDENT_BODY,
  INTERNAL,
  playPublicIncident,
  PUBLIC,
  STATUS_CONFIG,
  T0,
} from '../helpers/public-incident.js';

/**
 * Issue #30: the status page published from the incident, with a gate between internal and public text.
 * The incident runs on the simulator; the published files are read from the status branch.
 */
async function world(params: { config?: string; visibility?: 'private' | 'public' } = {}) {
  const harness = await SimulatorHarness.create({ start: T0, sweep: false });
  const repo = harness.github.addRepo('acme/shop', params.visibility ?? 'public');
  repo.files['.github/incident.yml'] = params.config ?? CONFIG;
  harness.github.setPermission('alice', 'acme/shop', 'write');
  const human = new HumanActions(harness.github);
  return { harness, repo, human };
}

const BODY = INCIDENT_BODY;
const CONFIG = STATUS_CONFIG;
const statusComment = (repo: SimRepo) =>
  (
    repo.issues[0]?.comments.find((c) => c.user === BOT_LOGIN && c.body.startsWith('<!-- incident-responder:status'))
      ?.body ?? ''
  ).replace(/\\(.)/g, '$1');

describe('the status page (issue #30)', () => {
  it('two internal and two public updates, a component, mitigation and close: only the public text is published, in order', async () => {
    const { repo, files } = await playPublicIncident();
    expect(Object.keys(files).sort()).toEqual([
      'status/components/api.atom',
      'status/components/checkout.atom',
      'status/components/search.atom',
      'status/feed.atom',
      'status/incidents.json',
      'status/index.html',
    ]);
    for (const [path, text] of Object.entries(files)) {
      for (const internal of INTERNAL)
        expect({ path, leaked: text.includes(internal) }).toEqual({ path, leaked: false });
    }
    for (const path of [
      'status/incidents.json',
      'status/feed.atom',
      'status/index.html',
      'status/components/checkout.atom',
    ]) {
      const text = files[path] ?? '';
      const first = text.indexOf(PUBLIC[0] as string);
      const second = text.indexOf(PUBLIC[1] as string);
      expect({ path, both: first >= 0 && second >= 0 }).toEqual({ path, both: true });
      // incidents.json lists updates oldest first; the feed and the page newest first.
      expect({ path, ordered: path.endsWith('incidents.json') ? first < second : second < first }).toEqual({
        path,
        ordered: true,
      });
    }
    expect(files['status/components/api.atom']).not.toContain(PUBLIC[0]);
    const document = JSON.parse(files['status/incidents.json'] ?? '{}');
    expect(document.components).toEqual([
      { name: 'API', status: 'operational' },
      { name: 'Checkout', status: 'operational' },
      { name: 'Search', status: 'operational' },
    ]);
    expect(document.incidents).toHaveLength(1);
    const [incident] = document.incidents;
    expect(incident).toMatchObject({
      id: 'acme/shop#1',
      number: 1,
      title: 'Checkout errors',
      state: 'resolved',
      components: ['Checkout'],
    });
    expect(incident.updates.map((u: { state: string; at: string }) => [u.state, u.at])).toEqual([
      ['investigating', '2026-11-23T10:04:00+00:00'],
      ['monitoring', '2026-11-23T10:09:00+00:00'],
      ['resolved', '2026-11-23T10:20:00+00:00'],
    ]);
    // The step asking for the first public update was done by `/incident public`: never warned.
    expect(repo.issues[0]?.comments.filter((c) => c.body.startsWith('<!-- incident-responder:overdue'))).toHaveLength(
      0,
    );
  });

  it('while the incident is open its component shows it, and the feed ids are stable across rebuilds', async () => {
    const { harness, repo, human } = await world();
    const { issue, event } = human.open(repo, {
      title: 'Checkout errors',
      body: BODY,
      labels: ['incident'],
      by: 'alice',
    });
    await harness.deliver(event);
    await harness.advanceTo(at(3));
    await harness.deliver(
      human.comment(repo, issue.number, {
        body: `/incident affects checkout\n/incident public ${PUBLIC[0]}`,
        by: 'alice',
      }),
    );
    await harness.advanceTo(at(4));
    const before = branchFiles(harness, 'acme/shop');
    expect(JSON.parse(before['status/incidents.json'] ?? '{}').components[1]).toEqual({
      name: 'Checkout',
      status: 'major-outage',
    });
    const ids = (text: string) => [...text.matchAll(/<id>(urn:uuid:[0-9a-f-]{36})<\/id>/g)].map((m) => m[1]);
    const firstIds = ids(before['status/feed.atom'] ?? '');
    await harness.deliver(
      human.comment(repo, issue.number, { body: `/incident public identified: ${PUBLIC[1]}`, by: 'alice' }),
    );
    await harness.advanceTo(at(6));
    const after = branchFiles(harness, 'acme/shop');
    const laterIds = ids(after['status/feed.atom'] ?? '');
    expect(laterIds).toHaveLength(firstIds.length + 1);
    // The feed's own id, then the new entry first, then the earlier entry with the id it had.
    expect([laterIds[0], ...laterIds.slice(2)]).toEqual(firstIds);
    expect(JSON.parse(after['status/incidents.json'] ?? '{}').incidents[0].state).toBe('identified');
  });

  it('a private incident and a public status repository without allow_more_public: nothing published, and the status comment says why', async () => {
    const { harness, repo, human } = await world({
      visibility: 'private',
      config: `${CONFIG}\n  repo: acme/status`,
    });
    const status = harness.github.addRepo('acme/status', 'public');
    status.files['.github/incident.yml'] = 'accepts_from: [acme/shop]\n';
    const { issue, event } = human.open(repo, {
      title: 'Checkout errors',
      body: BODY,
      labels: ['incident'],
      by: 'alice',
    });
    await harness.deliver(event);
    await harness.advanceTo(at(2));
    await harness.deliver(human.comment(repo, issue.number, { body: `/incident public ${PUBLIC[0]}`, by: 'alice' }));
    await harness.advanceTo(at(5));
    expect(branchFiles(harness, 'acme/status')).toEqual({});
    expect(Object.keys(harness.github.snapshot()['acme/status'] as object)).toContain('branches');
    expect(statusComment(repo)).toContain(
      'The status page was not written: it comes from a private repository and the destination is public. Set `visibility.allow_more_public: public`',
    );
  });

  it('control: with allow_more_public the same incident is published to the consenting public repository', async () => {
    const { harness, repo, human } = await world({
      visibility: 'private',
      config: `${CONFIG}\n  repo: acme/status\nvisibility:\n  allow_more_public: public`,
    });
    const status = harness.github.addRepo('acme/status', 'public');
    status.files['.github/incident.yml'] =
      'accepts_from: [acme/shop]\nincoming:\n  status_page:\n    branch: gh-pages\n    path: ""\n';
    const { issue, event } = human.open(repo, {
      title: 'Checkout errors',
      body: BODY,
      labels: ['incident'],
      by: 'alice',
    });
    await harness.deliver(event);
    await harness.advanceTo(at(2));
    await harness.deliver(human.comment(repo, issue.number, { body: `/incident public ${PUBLIC[0]}`, by: 'alice' }));
    await harness.advanceTo(at(5));
    const files = branchFiles(harness, 'acme/status', 'gh-pages');
    expect(files['incidents.json']).toContain(PUBLIC[0]);
    expect(branchFiles(harness, 'acme/status')).toEqual({});
  });

  it('/incident status alone publishes nothing', async () => {
    const { harness, repo, human } = await world();
    const { issue, event } = human.open(repo, {
      title: 'Checkout errors',
      body: BODY,
      labels: ['incident'],
      by: 'alice',
    });
    await harness.deliver(event);
    await harness.deliver(human.comment(repo, issue.number, { body: `/incident status ${INTERNAL[0]}`, by: 'alice' }));
    await harness.advanceTo(at(30));
    expect(branchFiles(harness, 'acme/shop')).toEqual({});
  });
});
