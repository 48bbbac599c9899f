import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { loadYaml } from '../../src/config/yaml.js';
import { createPrometheusMetrics } from '../../src/metrics/prometheus-metrics.js';

/** The dashboard and the alerting rules in deploy/ read only metrics the app exports (renames break them). */
const exported = new Set(
  createPrometheusMetrics({ defaults: false })
    .registry.getMetricsAsArray()
    .map((m) => (m as unknown as { name: string }).name),
);
const unknownNames = (text: string): string[] =>
  [...new Set(text.match(/incident_responder_\w+/g) ?? [])]
    .map((name) => name.replace(/_(?:bucket|count|sum)$/, ''))
    .filter((name) => !exported.has(name));

describe('deploy/', () => {
  it('names only exported metrics (and the check catches one that is not)', () => {
    expect(unknownNames(readFileSync('deploy/grafana-dashboard.json', 'utf8'))).toEqual([]);
    expect(unknownNames(readFileSync('deploy/prometheus-rules.yml', 'utf8'))).toEqual([]);
    expect(unknownNames('rate(incident_responder_warnings_late_total[5m])')).toEqual([
      'incident_responder_warnings_late_total',
    ]);
  });

  it('has the alerting rules the operator needs, each with an expression, a duration and a summary', () => {
    const rules = (
      loadYaml(readFileSync('deploy/prometheus-rules.yml', 'utf8')) as {
        groups: Array<{ rules: Array<{ alert: string; expr: string; for: string; annotations: { summary: string } }> }>;
      }
    ).groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'IncidentResponderWarningsLate',
        'IncidentResponderRateLimitLow',
        'IncidentResponderJobsFailing',
      ]),
    );
    for (const rule of rules) {
      expect(rule.expr).toMatch(/incident_responder_/);
      expect(rule.for).toMatch(/^\d+[smh]$/);
      expect(rule.annotations.summary).not.toBe('');
    }
  });

  it('the dashboard is Grafana JSON with a Prometheus datasource variable', () => {
    const dashboard = JSON.parse(readFileSync('deploy/grafana-dashboard.json', 'utf8')) as {
      panels: Array<{ targets: Array<{ expr: string }> }>;
      templating: { list: Array<{ type: string; query: string }> };
    };
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ type: 'datasource', query: 'prometheus' }),
    );
    expect(dashboard.panels.length).toBeGreaterThan(5);
    expect(dashboard.panels.every((p) => p.targets.every((t) => t.expr.includes('incident_responder_')))).toBe(true);
  });
});
