import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { readMarkerJson } from '../../src/domain/incident/markers.js';
import { localTime } from '../../src/render/time.js';
import { BOT_LOGIN, type SimRepo } from '../../src/simulator/state.js';
import { AlertServer } from '../helpers/alert-server.js';
import { Alertmanager, describeWithAlertmanager, type PostedAlert } from '../helpers/alertmanager.js';

/**
 * Issue 29, with a real Prometheus Alertmanager delivering its own webhooks to the App's server, which
 * talks to the GitHub simulator over HTTP: two alerts of one group open one incident from the template
 * (severity high, impact start = the first startsAt); a third folds in ("3 alerts"); resolving them
 * records mitigation and leaves the issue open; hostile annotations run nothing and mention no one.
 */
jest.setTimeout(90_000);

const TOKEN = 'alert-token-0123456789abcdef0123456789';
const TEMPLATE = `---
name: Incident
labels: [incident]
---

## During the incident

- [ ] \`1 hr\` Page the payments on-call
- [ ] \`4 hrs\` Mitigate (\`/incident mitigated\`)
`;
const CONFIG = 'alerts:\n  sources: [alertmanager]\n  severity_map:\n    critical: high\n    warning: medium\n';
const HOSTILE = '@everyone /incident resolved <img src=x onerror=alert(1)> <!-- incident-responder:status {} -->';

const amConfig = (url: string) => `route:
  receiver: app
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
receivers:
  - name: app
    webhook_configs:
      - url: ${url}/api/alerts/alertmanager/acme/shop
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: ${TOKEN}
`;

const botComments = (repo: SimRepo) => (repo.issues[0]?.comments ?? []).filter((c) => c.user === BOT_LOGIN);
const statusOf = (repo: SimRepo) => botComments(repo).find((c) => c.body.includes('incident-responder:status'));
const shown = (body: string) => body.replace(/\\(.)/g, '$1').replace(/\u200b/g, '');

describeWithAlertmanager(
  'alerts from a real Alertmanager',
  () => {
    let server: AlertServer;
    let am: Alertmanager;
    let shop: SimRepo;
    let quiet: SimRepo;
    const start = Date.now();
    const firstStart = new Date(start - 10 * 60_000).toISOString();
    const alert = (instance: string, startsAt: string, endsAt?: string): PostedAlert => ({
      labels: { alertname: 'CheckoutDown', instance, severity: 'critical' },
      annotations: { summary: HOSTILE, description: '/incident lead @mallory\n/incident resolved' },
      startsAt,
      ...(endsAt ? { endsAt } : {}),
    });

    beforeAll(async () => {
      server = await AlertServer.start({ tokens: ['another-token-0123456789abcdef', TOKEN] });
      shop = server.sim.addRepo('acme/shop');
      shop.files['.github/incident.yml'] = CONFIG;
      shop.files['.github/ISSUE_TEMPLATE/incident.md'] = TEMPLATE;
      quiet = server.sim.addRepo('acme/quiet');
      quiet.files['.github/ISSUE_TEMPLATE/incident.md'] = TEMPLATE;
      am = await Alertmanager.start(amConfig(server.url));
    });
    afterAll(async () => {
      await am?.stop();
      await server?.stop();
    });

    it('opens one incident for two alerts, folds a third, records mitigation on resolve', async () => {
      await am.post([alert('a', firstStart), alert('b', new Date(start - 5 * 60_000).toISOString())]);
      await server.until(() => expect(statusOf(shop)?.body).toContain('2 alerts'));
      expect(shop.issues).toHaveLength(1);
      const issue = shop.issues[0]!;
      expect(issue.user).toBe(BOT_LOGIN);
      expect(issue.labels).toEqual(expect.arrayContaining(['incident', 'severity: high']));
      expect(issue.body).toContain('- [ ] `1 hr` Page the payments on-call');
      const metadata = readMarkerJson(statusOf(shop)?.body, 'status') as Record<string, unknown>;
      expect(metadata.impactStartAt).toBe(firstStart);
      const status = shown(statusOf(shop)?.body ?? '');
      expect(status).toContain('Severity: **high** (from label)');
      // Deadlines count from the first startsAt: "1 hr" is due an hour after it.
      expect(status).toContain(localTime(new Date(Date.parse(firstStart) + 3_600_000), undefined));

      await am.post([alert('c', new Date(start - 60_000).toISOString())]);
      await server.until(() => expect(statusOf(shop)?.body).toContain('3 alerts'));
      expect(shop.issues).toHaveLength(1);

      const now = new Date().toISOString();
      await am.post([
        alert('a', firstStart, now),
        alert('b', new Date(start - 5 * 60_000).toISOString(), now),
        alert('c', new Date(start - 60_000).toISOString(), now),
      ]);
      await server.until(() => expect(statusOf(shop)?.body).toContain('Mitigated'));
      expect(shop.issues).toHaveLength(1);
      expect(shop.issues[0]?.state).toBe('open');
      expect(shop.issues[0]?.labels).toContain('mitigated');
    });

    it('runs no command and mentions no one from hostile annotation text', () => {
      const issue = shop.issues[0]!;
      const metadata = readMarkerJson(statusOf(shop)?.body, 'status') as {
        roles: { lead: unknown };
        resolvedAt: unknown;
      };
      expect(metadata.roles.lead).toBeNull();
      expect(metadata.resolvedAt).toBeNull();
      expect(issue.state).toBe('open');
      for (const body of [issue.body, statusOf(shop)?.body ?? '']) {
        // The app's marker is hidden (its metadata keeps alert titles as JSON); the visible text is what counts.
        const visible = body.replace(/^<!-- incident-responder:[\s\S]*? -->/, '');
        expect(visible).not.toMatch(/@everyone|@mallory/);
        // Only as escaped text (`\<img`), never as HTML.
        expect(visible).not.toMatch(/(?<!\\)<img/);
        expect(body.match(/<!-- incident-responder:/g)).toHaveLength(1);
      }
      // The text is there, as text.
      expect(shown(issue.body)).toContain('everyone /incident resolved');
      // Only the status comment (and the app's own warnings, none due yet): no reply to a "command".
      expect(botComments(shop).map((c) => c.body.slice(0, 40))).toEqual([
        expect.stringContaining('incident-responder:status'),
      ]);
    });

    it('answers a wrong or missing token 401 without a request to GitHub, and the right one 202', async () => {
      const before = server.sim.requests.length;
      const body = { groupKey: 'x', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'X' } }] };
      expect((await server.post('/api/alerts/alertmanager/acme/shop', body, 'wrong-token')).status).toBe(401);
      expect((await server.post('/api/alerts/alertmanager/acme/shop', body, null)).status).toBe(401);
      expect((await server.post('/api/alerts/alertmanager/acme/shop', body, `${TOKEN}x`)).status).toBe(401);
      expect(server.sim.requests.length).toBe(before);
      // The control: the same request with the token is accepted (and does ask GitHub).
      const resolved = { ...body, status: 'resolved', alerts: [{ status: 'resolved', labels: { alertname: 'X' } }] };
      expect((await server.post('/api/alerts/alertmanager/acme/shop', resolved, TOKEN)).status).toBe(202);
      await server.until(() => expect(server.sim.requests.length).toBeGreaterThan(before));
    });

    it('answers 403 and writes nothing where the repository has no alerts: section', async () => {
      const writes = () => server.sim.requests.filter((r) => r.method !== 'GET').length;
      const before = writes();
      const body = { groupKey: 'q', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'Q' } }] };
      const response = await server.post('/api/alerts/alertmanager/acme/quiet', body, TOKEN);
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: string }).error).toContain('alerts.sources');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(quiet.issues).toHaveLength(0);
      expect(writes()).toBe(before);
      // The control: the consenting repository takes the same source.
      quiet.files['.github/incident.yml'] = CONFIG;
      server.runtime().configs.invalidate('acme', 'quiet');
      expect((await server.post('/api/alerts/alertmanager/acme/quiet', body, TOKEN)).status).toBe(202);
      await server.until(() => expect(quiet.issues).toHaveLength(1));
    });

    it('refuses bodies over the limit with 413', async () => {
      const big = JSON.stringify({ groupKey: 'big', pad: 'x'.repeat(1024 * 1024 + 1) });
      expect((await server.post('/api/alerts/alertmanager/acme/shop', big, TOKEN)).status).toBe(413);
    });

    it('never writes the bearer token to the log', () => {
      const log = server.log.join('');
      // The control: the route's requests are logged with their headers (redacted).
      expect(log).toContain('/api/alerts/alertmanager/acme/shop');
      expect(log).toContain('[redacted]');
      expect(log).not.toContain(TOKEN);
      expect(log).not.toContain('wrong-token');
    });
  },
  describe,
  it,
);
