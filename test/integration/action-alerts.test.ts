import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMarkerJson } from '../../src/domain/incident/markers.js';
import { ACTIONS_BOT_LOGIN, SimulatedGitHub, type SimRepo } from '../../src/simulator/state.js';
import { runActionEntry, serveSimulator, type ActionRun } from '../helpers/action-run.js';

/**
 * Issue 29 through the Action: a `repository_dispatch` of type `incident-alert` with
 * `client_payload: { source, payload }` opens the group's incident, folds later notifications,
 * records mitigation on resolve; without `alerts:` the run fails and writes nothing. The Action's entry
 * runs as a workflow step would (a child process, GitHub's environment), against the simulator over HTTP.
 */
const LIB_ENTRY = join(process.cwd(), 'lib', 'action', 'main.js');
const TOKEN = 'ghs_workflowRunTokenAlerts01';
const T0 = new Date('2026-11-23T10:00:00Z');
const TEMPLATE = '## During the incident\n\n- [ ] `1 hr` Page the payments on-call\n- [ ] `4 hrs` Mitigate\n';
const CONFIG = 'alerts:\n  sources: [alertmanager]\n  severity_map:\n    critical: high\n';
const HOSTILE = '@everyone /incident resolved <img src=x>';

const recorded = JSON.parse(
  readFileSync(join(process.cwd(), 'test', 'fixtures', 'alerts', 'alertmanager', 'payload.json'), 'utf8'),
) as { alerts: Array<Record<string, unknown>> } & Record<string, unknown>;
const alertOf = (instance: string, startsAt: string, endsAt?: string) => ({
  ...recorded.alerts[0],
  labels: { alertname: 'CheckoutDown', instance, severity: 'critical' },
  annotations: { summary: HOSTILE },
  fingerprint: `fp-${instance}`,
  startsAt,
  status: endsAt ? 'resolved' : 'firing',
  endsAt: endsAt ?? '0001-01-01T00:00:00Z',
});
const notification = (alerts: Array<Record<string, unknown>>) => ({
  ...recorded,
  commonLabels: { alertname: 'CheckoutDown', severity: 'critical' },
  commonAnnotations: { summary: HOSTILE },
  status: alerts.every((a) => a.status === 'resolved') ? 'resolved' : 'firing',
  alerts,
});

describe('alerts through the Action (repository_dispatch incident-alert)', () => {
  const sim = new SimulatedGitHub(() => T0);
  let server: { url: string; close: () => Promise<void> };
  let shop: SimRepo;
  let quiet: SimRepo;
  const dispatch = (repo: SimRepo, payload: unknown): Promise<ActionRun> =>
    runActionEntry({
      entry: LIB_ENTRY,
      apiUrl: server.url,
      repository: `${repo.owner}/${repo.name}`,
      eventName: 'repository_dispatch',
      payload: {
        action: 'incident-alert',
        client_payload: { source: 'alertmanager', payload },
        ...sim.envelope(repo, 'alice'),
      },
      token: TOKEN,
      now: T0,
    });
  const statusOf = (repo: SimRepo) =>
    repo.issues[0]?.comments.find((c) => c.user === ACTIONS_BOT_LOGIN && c.body.includes('incident-responder:status'));

  beforeAll(async () => {
    shop = sim.addRepo('acme/shop');
    shop.files['.github/incident.yml'] = CONFIG;
    shop.files['.github/ISSUE_TEMPLATE/incident.md'] = TEMPLATE;
    quiet = sim.addRepo('acme/quiet');
    sim.addWorkflowToken(TOKEN, { repo: 'acme/shop', permissions: { issues: 'write', contents: 'read' } });
    sim.addWorkflowToken(`${TOKEN}q`, { repo: 'acme/quiet', permissions: { issues: 'write', contents: 'read' } });
    server = await serveSimulator(sim);
  });
  afterAll(() => server.close());

  it('two alerts open one incident: the checklist, severity high, impact start = the first startsAt', async () => {
    const run = await dispatch(
      shop,
      notification([alertOf('a', '2026-11-23T09:50:00Z'), alertOf('b', '2026-11-23T09:55:00Z')]),
    );
    expect(run.stdout).not.toContain('::error::');
    expect(run.code).toBe(0);
    expect(shop.issues).toHaveLength(1);
    const issue = shop.issues[0]!;
    expect(issue.user).toBe(ACTIONS_BOT_LOGIN);
    expect(issue.labels).toEqual(expect.arrayContaining(['incident', 'severity: high']));
    expect(issue.body).toContain('- [ ] `1 hr` Page the payments on-call');
    expect(statusOf(shop)?.body).toContain('2 alerts');
    expect((readMarkerJson(statusOf(shop)?.body, 'status') as { impactStartAt: string }).impactStartAt).toBe(
      '2026-11-23T09:50:00.000Z',
    );
  });

  it('a third alert of the group opens nothing and the status says 3 alerts; a redelivery changes nothing', async () => {
    const third = notification([
      alertOf('a', '2026-11-23T09:50:00Z'),
      alertOf('b', '2026-11-23T09:55:00Z'),
      alertOf('c', '2026-11-23T09:58:00Z'),
    ]);
    expect((await dispatch(shop, third)).code).toBe(0);
    expect(shop.issues).toHaveLength(1);
    expect(statusOf(shop)?.body).toContain('3 alerts');
    const before = statusOf(shop)?.body;
    expect((await dispatch(shop, third)).code).toBe(0);
    expect(shop.issues).toHaveLength(1);
    expect(statusOf(shop)?.body).toBe(before);
  });

  it('resolving them records mitigation and leaves the issue open; hostile text stays text', async () => {
    const end = '2026-11-23T10:00:00Z';
    const run = await dispatch(
      shop,
      notification([
        alertOf('a', '2026-11-23T09:50:00Z', end),
        alertOf('b', '2026-11-23T09:55:00Z', end),
        alertOf('c', '2026-11-23T09:58:00Z', end),
      ]),
    );
    expect(run.code).toBe(0);
    const issue = shop.issues[0]!;
    expect(statusOf(shop)?.body).toContain('Mitigated');
    expect(issue.state).toBe('open');
    expect(issue.labels).toContain('mitigated');
    const metadata = readMarkerJson(statusOf(shop)?.body, 'status') as {
      resolvedAt: unknown;
      roles: { lead: unknown };
    };
    expect(metadata.resolvedAt).toBeNull();
    for (const body of [issue.body, statusOf(shop)?.body ?? '']) {
      const visible = body.replace(/^<!-- incident-responder:[\s\S]*? -->/, '');
      expect(visible).not.toContain('@everyone');
      expect(visible).not.toMatch(/(?<!\\)<img/);
    }
    expect(issue.comments.filter((c) => c.user === ACTIONS_BOT_LOGIN)).toHaveLength(1);
  });

  it('a repository without alerts: fails the run and writes nothing', async () => {
    // GraphQL (the token's login) is a read sent as POST.
    const writes = () => sim.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql').length;
    const before = writes();
    const run = await runActionEntry({
      entry: LIB_ENTRY,
      apiUrl: server.url,
      repository: 'acme/quiet',
      eventName: 'repository_dispatch',
      payload: {
        action: 'incident-alert',
        client_payload: { source: 'alertmanager', payload: notification([alertOf('a', '2026-11-23T09:50:00Z')]) },
        ...sim.envelope(quiet, 'alice'),
      },
      token: `${TOKEN}q`,
      now: T0,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('alerts.sources');
    expect(quiet.issues).toHaveLength(0);
    expect(writes()).toBe(before);
  });
});
