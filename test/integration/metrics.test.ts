import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { loadYaml } from '../../src/config/yaml.js';
import { readMarkerJson } from '../../src/domain/incident/markers.js';
import { createPrometheusMetrics } from '../../src/metrics/prometheus-metrics.js';
import { runScenario, scenarioSchema, type SimulationResult } from '../../src/simulator/scenario.js';
import { serveMetrics } from '../../src/server/metrics-endpoint.js';
import { family, histogram, parseExposition, type Family } from '../helpers/prometheus-text.js';

interface FinalComment {
  author: string;
  body: string;
}

/** Every step key the app's posted warnings name (one warning per key). */
function warnedKeys(result: SimulationResult): string[] {
  return Object.values(result.final).flatMap((repo) =>
    ((repo as { issues?: Array<{ comments: FinalComment[] }> }).issues ?? []).flatMap((issue) =>
      issue.comments
        .filter((c) => c.author === 'incident-responder[bot]')
        .flatMap((c) => ((readMarkerJson(c.body, 'overdue') as { keys?: string[] } | undefined)?.keys ?? []).flat()),
    ),
  );
}

const sum = (f: Family, where: (labels: Record<string, string>) => boolean = () => true): number =>
  f.samples.filter((s) => where(s.labels)).reduce((total, s) => total + s.value, 0);

describe('/metrics after a simulated incident', () => {
  let server: Server;
  let result: SimulationResult;
  let text: string;

  beforeAll(async () => {
    const { metrics, registry } = createPrometheusMetrics({ defaults: false });
    const scenario = scenarioSchema.parse(loadYaml(await readFile('examples/incident.yml', 'utf8')));
    result = await runScenario({
      scenario,
      readFile: (path) => readFile(resolve('examples', path), 'utf8'),
      metrics,
    });
    server = await serveMetrics({ registry, port: 0, host: '127.0.0.1' });
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    text = await response.text();
  });
  afterAll(async () => {
    await new Promise((done) => server?.close(done));
  });

  it('parses as a Prometheus exposition (and the check refuses a broken one)', () => {
    expect(() => parseExposition(text)).not.toThrow();
    // Control: the same exposition with a value mangled is refused.
    const broken = text.replace(/^(incident_responder_github_requests_total\{[^}]*\}) \d+$/m, '$1 many');
    expect(broken).not.toBe(text);
    expect(() => parseExposition(broken)).toThrow(/"many" is not a number/);
  });

  it('has one warning-lateness observation per warning posted, none early', () => {
    const keys = warnedKeys(result);
    expect(keys.length).toBeGreaterThan(0);
    const lateness = family(parseExposition(text), 'incident_responder_warning_lateness_seconds');
    expect(lateness.type).toBe('histogram');
    const observed = histogram(lateness);
    expect(observed.count).toBe(keys.length);
    // The simulator's timers fire on time: every warning within a minute of its deadline.
    expect(observed.buckets.get(60)).toBe(keys.length);
  });

  it('has the queue depth by priority', () => {
    const depth = family(parseExposition(text), 'incident_responder_queue_depth');
    expect(depth.type).toBe('gauge');
    expect(depth.samples.map((s) => s.labels.priority).sort()).toEqual(['normal', 'refresh', 'urgent']);
    // Scraped once the scenario settled: nothing waits.
    expect(sum(depth)).toBe(0);
    expect(family(parseExposition(text), 'incident_responder_armed_deadlines').samples).toHaveLength(1);
  });

  it('counts every request to GitHub by kind and status', () => {
    const requests = family(parseExposition(text), 'incident_responder_github_requests_total');
    expect(sum(requests)).toBe(result.requests.reads + result.requests.writes);
    expect(sum(requests, (l) => l.kind === 'read' && l.status === '200')).toBeGreaterThan(0);
    expect(sum(requests, (l) => l.status === '201')).toBeGreaterThan(0);
    expect(sum(requests, (l) => l.kind !== 'read')).toBe(result.requests.writes);
    const remaining = family(parseExposition(text), 'incident_responder_github_rate_limit_remaining');
    // Per installation (and the app's own requests): never per issue.
    expect(remaining.samples.map((s) => s.labels.installation).sort()).toEqual(['1', 'app']);
  });

  it('counts webhooks and jobs with bounded labels', () => {
    const families = parseExposition(text);
    const webhooks = family(families, 'incident_responder_webhooks_received_total');
    expect(sum(webhooks, (l) => l.event === 'issues')).toBeGreaterThan(0);
    expect(sum(webhooks, (l) => l.event === 'issue_comment')).toBeGreaterThan(0);
    const jobs = family(families, 'incident_responder_job_duration_seconds');
    expect(jobs.samples.every((s) => ['ok', 'error'].includes(s.labels.outcome ?? ''))).toBe(true);
    expect(histogram(jobs, { kind: 'events', outcome: 'ok' }).count).toBeGreaterThan(0);
    // No label anywhere names an issue, a comment or a person.
    expect(text).not.toMatch(/acme\/shop|#\d|alice|bob/);
  });
});
