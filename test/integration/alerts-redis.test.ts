import { afterAll, afterEach, beforeAll, expect, it, jest, describe } from '@jest/globals';
import { readAlertPayload } from '../../src/domain/alerts/read-payload.js';
import type { AlertNotification } from '../../src/domain/alerts/alert.js';
import { BOT_LOGIN, type SimRepo } from '../../src/simulator/state.js';
import { RedisCluster, type Instance } from '../helpers/redis-cluster.js';
import { describeWithRedis, RedisServer } from '../helpers/redis-server.js';

/**
 * Alerts on the Redis runtime (issue 29 with issue 14's processes): Alertmanager in HA mode sends each
 * notification from every peer, and a load balancer spreads them over the app's processes. The same
 * notification reaching two processes at the same moment opens one incident; a later one of the group
 * folds into it wherever it lands. Control: two processes without Redis open two.
 */
jest.setTimeout(120_000);

const T0 = new Date('2026-12-04T10:00:00Z');
const TEMPLATE = `---
name: Incident
labels: [incident]
---

## During the incident

- [ ] \`1 hr\` Page the payments on-call
`;
const CONFIG = 'alerts:\n  sources: [alertmanager]\n  severity_map:\n    critical: high\n';

function notification(instances: string[]): AlertNotification {
  const reading = readAlertPayload({
    source: 'alertmanager',
    payload: {
      version: '4',
      groupKey: '{}:{alertname="CheckoutDown"}',
      status: 'firing',
      receiver: 'app',
      groupLabels: { alertname: 'CheckoutDown' },
      commonLabels: { alertname: 'CheckoutDown', severity: 'critical' },
      commonAnnotations: { summary: 'Checkout is down' },
      externalURL: 'https://alertmanager.example.com',
      alerts: instances.map((instance) => ({
        status: 'firing',
        labels: { alertname: 'CheckoutDown', severity: 'critical', instance },
        annotations: { summary: 'Checkout is down' },
        startsAt: new Date(T0.getTime() - 5 * 60_000).toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        fingerprint: `fp-${instance}`,
      })),
    },
  });
  if (!reading.ok) throw new Error(reading.error);
  return reading.notification;
}

const opened = (repo: SimRepo) => repo.issues.filter((i) => i.user === BOT_LOGIN);
const statusOf = (repo: SimRepo, n = 0) =>
  (opened(repo)[n]?.comments ?? []).filter((c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:status'));

let redis: RedisServer;
let cluster: RedisCluster | undefined;

async function world(memory: boolean) {
  cluster = await RedisCluster.create({ redis, start: T0, instances: 2, memory });
  const repo = cluster.sim.addRepo('acme/shop');
  repo.files['.github/incident.yml'] = CONFIG;
  repo.files['.github/ISSUE_TEMPLATE/incident.md'] = TEMPLATE;
  if (!memory) await cluster.waitReady();
  const [a, b] = cluster.instances as [Instance, Instance];
  const post = (to: Instance, instances: string[]) =>
    to.runtime.alerts({ owner: 'acme', repo: 'shop', notification: notification(instances) });
  return { c: cluster, repo, a, b, post };
}

describeWithRedis(
  'alerts on the Redis runtime',
  () => {
    beforeAll(async () => {
      redis = await RedisServer.start();
    });
    afterAll(async () => {
      await redis?.stop();
    });
    afterEach(async () => {
      await cluster?.close();
      cluster = undefined;
    });

    it('one notification sent to two processes at once opens one incident; the next folds in on either', async () => {
      const { c, repo, a, b, post } = await world(false);
      const answers = await Promise.all([post(a, ['x', 'y']), post(b, ['x', 'y'])]);
      expect(answers.map((r) => r.status)).toEqual([202, 202]);
      await c.settle();
      expect(opened(repo)).toHaveLength(1);
      expect(statusOf(repo)).toHaveLength(1);
      expect(statusOf(repo)[0]?.body).toContain('2 alerts');

      // A third alert of the group, through the other process, and again through both.
      await post(b, ['x', 'y', 'z']);
      await Promise.all([post(a, ['x', 'y', 'z']), post(b, ['x', 'y', 'z'])]);
      await c.settle();
      expect(opened(repo)).toHaveLength(1);
      expect(statusOf(repo)).toHaveLength(1);
      expect(statusOf(repo)[0]?.body).toContain('3 alerts');
    });

    it('control: two processes without Redis, the same notification at once, open two incidents', async () => {
      const { c, repo, a, b, post } = await world(true);
      await Promise.all([post(a, ['x', 'y']), post(b, ['x', 'y'])]);
      await c.settle();
      expect(opened(repo)).toHaveLength(2);
    });
  },
  describe,
  it,
);
