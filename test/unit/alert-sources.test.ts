import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlertSource, type AlertNotification, type AlertSource } from '../../src/domain/alerts/alert.js';
import { readAlertPayload } from '../../src/domain/alerts/read-payload.js';

/**
 * Each source's webhook, as its documentation shows it (our own minimal recreations, in
 * test/fixtures/alerts/SOURCE[-case]/payload.json), read onto the one alert model (expected.json).
 * UPDATE_GOLDEN=1 rewrites expected.json; review the diff.
 */
const ROOT = join(process.cwd(), 'test', 'fixtures', 'alerts');

describe('recorded payloads of every source', () => {
  const folders = readdirSync(ROOT);
  it('cover every source', () => {
    const sources = new Set(folders.map((f) => f.split('-')[0]));
    expect([...sources].sort()).toEqual(
      ['alertmanager', 'datadog', 'generic', 'grafana', 'opsgenie', 'pagerduty', 'sentry'].sort(),
    );
  });
  for (const folder of folders) {
    it(`${folder}: payload.json reads as expected.json`, () => {
      const source = folder.split('-')[0] ?? '';
      if (!isAlertSource(source)) throw new Error(`${folder}: not a source`);
      const payload: unknown = JSON.parse(readFileSync(join(ROOT, folder, 'payload.json'), 'utf8'));
      const reading = readAlertPayload({ source: source as AlertSource, payload });
      const expectedPath = join(ROOT, folder, 'expected.json');
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(expectedPath))
        writeFileSync(expectedPath, `${JSON.stringify(reading, null, 2)}\n`);
      expect(reading).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
      expect(reading.ok).toBe(true);
    });
  }
});

const am = (alerts: unknown[], extra: Record<string, unknown> = {}) => ({
  groupKey: 'g',
  status: 'firing',
  groupLabels: {},
  commonLabels: {},
  commonAnnotations: {},
  alerts,
  ...extra,
});
const firing = (labels: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
  status: 'firing',
  labels,
  annotations: {},
  ...more,
});

describe('bad and hostile payloads', () => {
  const cases: Array<{
    name: string;
    source: AlertSource;
    payload: unknown;
    error?: RegExp;
    check?: (n: AlertNotification) => void;
  }> = [
    { name: 'not an object', source: 'alertmanager', payload: 'hello', error: /not a alertmanager payload/ },
    { name: 'no groupKey', source: 'alertmanager', payload: { alerts: [] }, error: /groupKey/ },
    { name: 'no alerts', source: 'alertmanager', payload: am([]), error: /alerts/ },
    {
      name: 'more alerts than the bound',
      source: 'alertmanager',
      payload: am(Array.from({ length: 1_001 }, (_, i) => firing({ alertname: `A${i}` }))),
      error: /alerts/,
    },
    {
      name: 'a javascript: link is dropped',
      source: 'alertmanager',
      payload: am([firing({ alertname: 'X' }, { generatorURL: 'javascript:alert(1)' })]),
      check: (n) => expect(n.alerts[0]?.url).toBeNull(),
    },
    {
      name: 'long text is cut',
      source: 'alertmanager',
      payload: am([firing({ alertname: 'X' }, { annotations: { summary: 'x'.repeat(5_000) } })]),
      check: (n) => expect(n.alerts[0]?.title.length).toBeLessThanOrEqual(1_024),
    },
    {
      name: 'non-string label values are text or dropped, __proto__ never kept',
      source: 'alertmanager',
      payload: am([firing({ alertname: 'X', n: 3, o: { a: 1 }, ['__proto__']: 'x' })]),
      check: (n) => expect(n.alerts[0]?.labels).toEqual({ alertname: 'X', n: '3' }),
    },
    {
      name: "Go's zero time is no end",
      source: 'alertmanager',
      payload: am([firing({ alertname: 'X' }, { startsAt: '2026-11-23T09:50:00Z', endsAt: '0001-01-01T00:00:00Z' })]),
      check: (n) => expect([n.alerts[0]?.startsAt, n.alerts[0]?.endsAt]).toEqual(['2026-11-23T09:50:00.000Z', null]),
    },
    { name: 'generic without a title', source: 'generic', payload: { group: 'g' }, error: /title/ },
    {
      name: 'pagerduty non-incident event',
      source: 'pagerduty',
      payload: { event: { event_type: 'service.updated', data: { id: 'x' } } },
      error: /incident events/,
    },
    { name: 'datadog without a key', source: 'datadog', payload: { title: 'x' }, error: /aggreg_key/ },
    {
      name: 'datadog Recovered resolves',
      source: 'datadog',
      payload: { aggreg_key: 'k', title: 'x', transition: 'Recovered', date: '1795428720000' },
      check: (n) => expect([n.status, n.alerts[0]?.endsAt]).toEqual(['resolved', '2026-11-23T10:12:00.000Z']),
    },
    {
      name: 'opsgenie Close resolves',
      source: 'opsgenie',
      payload: { action: 'Close', alert: { alertId: 'a', alias: 'x', message: 'm' } },
      check: (n) => expect([n.group, n.status]).toEqual(['x', 'resolved']),
    },
    {
      name: 'pagerduty resolved',
      source: 'pagerduty',
      payload: { event: { event_type: 'incident.resolved', data: { id: 'P1', title: 't' } } },
      check: (n) => expect([n.group, n.status]).toEqual(['P1', 'resolved']),
    },
  ];
  it.each(cases)('$name', ({ source, payload, error, check }) => {
    const reading = readAlertPayload({ source, payload });
    if (error) {
      expect(reading.ok).toBe(false);
      if (!reading.ok) expect(reading.error).toMatch(error);
    } else {
      expect(reading.ok).toBe(true);
      if (reading.ok) check?.(reading.notification);
    }
  });
});
