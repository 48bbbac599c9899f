import { expect } from '@jest/globals';
import { readMarkerJson } from '../../src/domain/incident/markers.js';
import { HumanActions } from '../../src/simulator/actions.js';
import { BOT_LOGIN, type SimRepo, type WebhookEvent } from '../../src/simulator/state.js';
import type { Instance, RedisCluster } from './redis-cluster.js';
import { REPORTS_CONSENT } from './consent.js';

/**
 * The incident the multi-process and fault tests play (issues 14 and 24), and the checks of their
 * "Done when": one status comment, one warning per overdue step, one follow-up per item, one report pull
 * request, and every accepted command in the status and the report.
 */
export const T0 = new Date('2026-11-23T10:00:00Z');
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const BODY =
  '- [ ] `30 min` First update\n- [ ] `1 hr` Mitigate\n- [ ] `4 hrs` Resolve\n\n## Action items\n\n- [ ] Add an alert @bob\n';
const CONFIG = 'follow_ups:\n  settle: 0m\nreports:\n  repo: acme/incident-reports\n';
export const COMMANDS = {
  summary: '/incident summary Payments client timed out',
  impact: '/incident impact One in five checkouts failed',
  action: '/incident action Rotate the payment keys @bob',
};

/** Which instances get a webhook: every instance, or the next one in turn. */
export type Route = (cluster: RedisCluster) => Instance[];
export const toEvery: Route = (cluster) => cluster.live();
export const roundRobin: Route = (cluster) => [cluster.roundRobin()];

export function setup(c: RedisCluster) {
  const repo = c.sim.addRepo('acme/shop');
  const reports = c.sim.addRepo('acme/incident-reports');
  reports.files['.github/incident.yml'] = REPORTS_CONSENT;
  reports.files['README.md'] = 'Incident reports\n';
  repo.files['.github/incident.yml'] = CONFIG;
  for (const login of ['alice', 'bob']) {
    c.sim.setPermission(login, 'acme/shop', 'write');
    c.sim.setPermission(login, 'acme/incident-reports', 'write');
  }
  return { repo, reports, human: new HumanActions(c.sim) };
}

export const comments = (repo: SimRepo, kind: string) =>
  (repo.issues[0]?.comments ?? []).filter((c) => c.user === BOT_LOGIN && c.body.includes(`incident-responder:${kind}`));
const shown = (body: string) => body.replace(/\\(.)/g, '$1').replace(/\u200b/g, '');

/** The checks of the issue's "Done when", for the scenario below. */
export function expectOneTruth(c: RedisCluster, ctx: ReturnType<typeof setup>): void {
  const { repo, reports } = ctx;
  expect(comments(repo, 'status')).toHaveLength(1);
  // One warning per overdue step: 30 min and 1 hr were overdue; Resolve was ticked in time.
  const warned = comments(repo, 'overdue').flatMap(
    (comment) => (readMarkerJson(comment.body, 'overdue') as { keys: string[] }).keys,
  );
  expect(warned).toHaveLength(2);
  expect(new Set(warned).size).toBe(2);
  expect(
    repo.issues
      .filter((i) => i.user === BOT_LOGIN)
      .map((i) => i.title)
      .sort(),
  ).toEqual(['Add an alert', 'Rotate the payment keys']);
  expect(reports.pulls).toHaveLength(1);
  // Every command was accepted (one 👍 each, no error reply) and shows in the status and the report.
  for (const text of Object.values(COMMANDS)) {
    const comment = repo.issues[0]?.comments.find((x) => x.body === text);
    expect(comment?.reactions).toEqual([{ content: '+1', user: BOT_LOGIN }]);
  }
  expect(comments(repo, 'reply')).toHaveLength(0);
  const status = shown(comments(repo, 'status')[0]?.body ?? '');
  const files = c.sim.filesAt(reports, reports.pulls[0]?.headSha ?? '');
  const report = shown(Object.entries(files).find(([path]) => path.startsWith('reports/'))?.[1] ?? '');
  for (const text of ['Payments client timed out', 'One in five checkouts failed', 'Rotate the payment keys']) {
    expect(status).toContain(text);
    expect(report).toContain(text);
  }
}

/**
 * The incident: opened; two commands typed at the same moment; an action item command; two steps go
 * overdue; the last step ticked; closed (a report); hours pass. `between` runs after each step.
 */
export async function scenario(
  c: RedisCluster,
  ctx: ReturnType<typeof setup>,
  params: {
    route: Route;
    sameMoment?: (a: WebhookEvent, b: WebhookEvent) => Promise<void>;
    between?: (step: number) => Promise<void>;
  },
): Promise<void> {
  const { repo, human } = ctx;
  const between = params.between ?? (async () => undefined);
  const deliver = (event: WebhookEvent) => c.deliver(event, params.route(c));
  await deliver(human.open(repo, { title: 'Checkout down', body: BODY, labels: ['incident'], by: 'alice' }).event);
  await between(1);
  await c.advanceTo(at(1));
  const summary = human.comment(repo, 1, { body: COMMANDS.summary, by: 'alice' });
  const impact = human.comment(repo, 1, { body: COMMANDS.impact, by: 'bob' });
  await (params.sameMoment ? params.sameMoment(summary, impact) : Promise.all([deliver(summary), deliver(impact)]));
  await between(2);
  await c.advanceTo(at(5));
  await deliver(human.comment(repo, 1, { body: COMMANDS.action, by: 'alice' }));
  await between(3);
  await c.advanceTo(at(65));
  await between(4);
  await deliver(human.setChecked(repo, 1, { text: 'Resolve', checked: true, by: 'bob' }));
  await c.advanceTo(at(70));
  await deliver(human.close(repo, 1, { by: 'alice' }));
  await between(5);
  await c.advanceTo(at(300));
  await c.redeliverFailed();
  await c.settle();
}
