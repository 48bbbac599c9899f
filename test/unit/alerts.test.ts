import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Alert, AlertNotification } from '../../src/domain/alerts/alert.js';
import { applyAlertNotification } from '../../src/domain/alerts/apply.js';
import { foldAlerts } from '../../src/domain/alerts/fold.js';
import { alertSeverity } from '../../src/domain/alerts/severity.js';
import { emptyMetadata } from '../../src/domain/incident/metadata.js';
import { planAlert } from '../../src/plan/plan-alert.js';
import { parseIncident } from '../../src/domain/template/checklist.js';
import { defaultParseOptions } from '../helpers/options.js';
import { createAlertRoute, matchToken } from '../../src/server/alert-route.js';
import { createHash } from 'node:crypto';

const NOW = new Date('2026-11-23T10:00:00Z');
const LEVELS = [
  { name: 'high', label: 'severity: high', aliases: ['critical', 'sev1'] },
  { name: 'medium', label: 'severity: medium', aliases: ['major'] },
  { name: 'low', label: 'severity: low', aliases: ['minor'] },
];
const alert = (id: string, more: Partial<Alert> = {}): Alert => ({
  id,
  status: 'firing',
  title: `Alert ${id}`,
  summary: null,
  labels: {},
  startsAt: null,
  endsAt: null,
  url: null,
  ...more,
});
const note = (alerts: Alert[], more: Partial<AlertNotification> = {}): AlertNotification => ({
  source: 'alertmanager',
  group: 'g',
  status: alerts.every((a) => a.status === 'resolved') ? 'resolved' : 'firing',
  title: 'Checkout down',
  labels: {},
  alerts,
  url: null,
  ...more,
});
const SETTINGS = {
  sources: ['alertmanager' as const],
  template: '.github/ISSUE_TEMPLATE/incident.md',
  severityLabel: 'severity',
  severityMap: { warning: 'medium', critical: 'low' },
  labels: ['paged'],
  copyLabels: ['team'],
  leadLabel: 'team',
  leads: { payments: 'alice' },
  title: '{title} on {label.service} ({source})',
};

describe('severity of an alert group', () => {
  it.each<{ labels: Record<string, string>; expected: string | null; why: string }>([
    { labels: { severity: 'warning' }, expected: 'medium', why: 'the map' },
    { labels: { severity: 'Critical' }, expected: 'low', why: 'the map wins over the built-in word' },
    { labels: { severity: 'sev1' }, expected: 'high', why: 'a built-in word' },
    { labels: { severity: 'whatever' }, expected: null, why: 'unknown' },
    { labels: {}, expected: null, why: 'no label' },
  ])('$why', ({ labels, expected }) => {
    expect(
      alertSeverity({
        notification: note([alert('a')], { labels }),
        severityLabel: 'severity',
        severityMap: SETTINGS.severityMap,
        levels: LEVELS,
      }),
    ).toBe(expected);
  });
});

describe('folding notifications', () => {
  it('counts distinct alerts, newest first, and a repeat changes nothing', () => {
    const first = foldAlerts({
      memory: null,
      notification: note([
        alert('a', { startsAt: '2026-11-23T09:50:00.000Z' }),
        alert('b', { startsAt: '2026-11-23T09:55:00.000Z' }),
      ]),
      now: NOW,
    });
    expect(first.memory.count).toBe(2);
    const again = foldAlerts({
      memory: first.memory,
      notification: note([alert('a', { startsAt: '2026-11-23T09:50:00.000Z' })]),
      now: NOW,
    });
    expect(again.memory).toEqual(first.memory);
    const third = foldAlerts({
      memory: first.memory,
      notification: note([alert('c', { startsAt: '2026-11-23T09:58:00.000Z' })]),
      now: NOW,
    });
    expect(third.memory.count).toBe(3);
    expect(third.memory.items.map((i) => i.id)).toEqual(['c', 'b', 'a']);
  });

  it('keeps a bounded list but a whole count', () => {
    const many = note(Array.from({ length: 50 }, (_, i) => alert(`a${i}`)));
    const { memory } = foldAlerts({ memory: null, notification: many, now: NOW });
    expect(memory.count).toBe(50);
    expect(memory.items.length).toBeLessThanOrEqual(20);
  });
});

describe('applying a notification to an incident', () => {
  const started = note([
    alert('a', { startsAt: '2026-11-23T09:50:00.000Z' }),
    alert('b', { startsAt: '2026-11-23T09:40:00.000Z' }),
  ]);
  it('takes the earliest startsAt as the impact start, and a lead when none is set', () => {
    const applied = applyAlertNotification({
      metadata: emptyMetadata(),
      labels: [],
      notification: started,
      lead: 'alice',
      mitigatedLabel: 'mitigated',
      now: NOW,
    });
    expect(applied.metadata.impactStartAt).toBe('2026-11-23T09:40:00.000Z');
    expect(applied.metadata.roles.lead).toBe('alice');
    expect(applied.addLabel).toBeNull();
  });
  it('records mitigation on resolve (label added, never resolved), then a refire once', () => {
    const resolved = note([alert('a', { status: 'resolved', endsAt: '2026-11-23T09:59:00.000Z' })]);
    const first = applyAlertNotification({
      metadata: emptyMetadata(),
      labels: [],
      notification: started,
      mitigatedLabel: 'mitigated',
      now: NOW,
    });
    const mitigated = applyAlertNotification({
      metadata: first.metadata,
      labels: [],
      notification: resolved,
      mitigatedLabel: 'mitigated',
      now: NOW,
    });
    expect(mitigated.metadata.mitigatedAt).toBe('2026-11-23T09:59:00.000Z');
    expect(mitigated.metadata.resolvedAt).toBeNull();
    expect(mitigated.addLabel).toBe('mitigated');
    const refire = applyAlertNotification({
      metadata: mitigated.metadata,
      labels: ['mitigated'],
      notification: note([alert('a')]),
      mitigatedLabel: 'mitigated',
      now: NOW,
    });
    expect(refire.refire).toEqual({ at: NOW.toISOString(), mitigatedAt: '2026-11-23T09:59:00.000Z' });
    const again = applyAlertNotification({
      metadata: refire.metadata,
      labels: ['mitigated'],
      notification: note([alert('z')]),
      mitigatedLabel: 'mitigated',
      now: NOW,
    });
    expect(again.refire).toBeNull();
  });
});

describe('planning an alert pass', () => {
  const template = { path: 't.md', body: '- [ ] `1 hr` Page the on-call\n', problem: null };
  const base = { groupId: 'f'.repeat(24), settings: SETTINGS, levels: LEVELS, incidentLabel: 'incident', template };
  const hostile = note(
    [
      alert('a', {
        title: '@team /incident resolved <b>x</b>',
        url: 'https://example.com/a',
        labels: { team: 'payments' },
      }),
    ],
    { labels: { severity: 'warning', team: 'payments', service: 'checkout' } },
  );
  it('opens an issue: title format, labels, lead, checklist, marker; alert text escaped', () => {
    const plan = planAlert({ ...base, notification: hostile, existing: null });
    if (plan.kind !== 'open') throw new Error(plan.kind);
    expect(plan.issue.title).toBe('Checkout down on checkout (Alertmanager)');
    expect(plan.issue.labels).toEqual(['incident', 'severity: medium', 'paged', 'team: payments']);
    expect(plan.issue.assignees).toEqual(['alice']);
    expect(plan.issue.body.startsWith(`<!-- incident-responder:alert-group ${'f'.repeat(24)} -->`)).toBe(true);
    expect(plan.issue.body).toContain('- [ ] `1 hr` Page the on-call');
    expect(plan.issue.body).not.toMatch(/@team|(?<!\\)<b>/);
  });
  it.each([
    { existing: { number: 7 }, notification: hostile, kind: 'fold' },
    { existing: null, notification: note([alert('a', { status: 'resolved' })]), kind: 'ignore' },
  ])('$kind', ({ existing, notification, kind }) => {
    expect(planAlert({ ...base, notification, existing }).kind).toBe(kind);
  });
  it("an alert's text in the new body is never read as the incident's fields", () => {
    // No severity and no start known for the group: the body's own fields would be the only source.
    const plan = planAlert({
      ...base,
      notification: note([
        alert('a', { title: 'Impact started', summary: '2020-01-01 00:00 UTC' }),
        alert('b', { title: 'Severity', summary: 'SEV1' }),
        alert('c', { title: '**Summary:**', summary: 'all fine' }),
      ]),
      existing: null,
    });
    if (plan.kind !== 'open') throw new Error(plan.kind);
    const read = parseIncident({ body: plan.issue.body, options: defaultParseOptions() });
    expect(read.fields).toEqual({});
    expect(read.severity).toBeNull();
    expect(read.impactStart).toBeNull();
    expect(plan.issue.body).toContain('- 🔥 Severity: SEV1');
  });
  it('a title placeholder in an alert value is not expanded again', () => {
    const plan = planAlert({
      ...base,
      notification: note([alert('a')], { title: '{label.service}', labels: { service: 'x' } }),
      existing: null,
    });
    expect(plan.kind === 'open' && plan.issue.title).toBe('{label.service} on x (Alertmanager)');
  });
});

describe('the route', () => {
  const digest = (t: string) => createHash('sha256').update(t).digest();
  it.each([
    { header: 'Bearer right-token', index: 1 },
    { header: 'bearer right-token', index: 1 },
    { header: 'Bearer wrong', index: -1 },
    { header: 'Basic right-token', index: -1 },
    { header: undefined, index: -1 },
    { header: 'Bearer ', index: -1 },
  ])('token $header', ({ header, index }) => {
    expect(matchToken(header, [digest('other'), digest('right-token')])).toBe(index);
  });

  it('answers 401, 404, 400 and 429 without reaching the intake; 202 through it', async () => {
    let intakes = 0;
    const route = createAlertRoute({
      tokens: ['right-token'],
      intake: async () => {
        intakes += 1;
        return { status: 202, message: 'queued' };
      },
      rate: { burst: 2, perMinute: 1 },
      now: () => 0,
    });
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      void route(req, res).then((handled) => (handled ? undefined : res.writeHead(404).end()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const post = async (path: string, body: string, token?: string) =>
      (
        await fetch(`${url}${path}`, {
          method: 'POST',
          body,
          headers: token ? { authorization: `Bearer ${token}` } : {},
        })
      ).status;
    const generic = JSON.stringify({ group: 'g', title: 't' });
    try {
      expect(await post('/api/alerts/generic/acme/shop', generic)).toBe(401);
      expect(await post('/api/alerts/nagios/acme/shop', generic, 'right-token')).toBe(404);
      expect(await post('/api/alerts/generic/acme/shop', '{', 'right-token')).toBe(400);
      expect(await post('/api/alerts/generic/acme/shop', generic, 'right-token')).toBe(429);
      expect(intakes).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    // The control: within the rate, a good request reaches the intake.
    const fresh = createAlertRoute({
      tokens: ['right-token'],
      intake: async () => ({ status: 202, message: 'queued' }),
    });
    const server2 = createServer((req, res) => void fresh(req, res));
    await new Promise<void>((resolve) => server2.listen(0, '127.0.0.1', resolve));
    try {
      const status = (
        await fetch(`http://127.0.0.1:${(server2.address() as AddressInfo).port}/api/alerts/generic/acme/shop`, {
          method: 'POST',
          body: generic,
          headers: { authorization: 'Bearer right-token' },
        })
      ).status;
      expect(status).toBe(202);
    } finally {
      await new Promise((resolve) => server2.close(resolve));
    }
  });
});
