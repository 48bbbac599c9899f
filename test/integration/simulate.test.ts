import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { main } from '../../src/cli/main.js';
import { loadYaml } from '../../src/config/yaml.js';
import { runScenario, scenarioSchema, type SimulationResult } from '../../src/simulator/scenario.js';

interface FinalIssue {
  number: number;
  body: string;
  state: string;
  labels: string[];
  comments: Array<{ id: number; author: string; body: string; created_at: string }>;
}

async function run(file: string): Promise<SimulationResult> {
  const scenario = scenarioSchema.parse(loadYaml(await readFile(file, 'utf8')));
  return runScenario({ scenario, readFile: (path) => readFile(resolve('examples', path), 'utf8') });
}

const issueOf = (result: SimulationResult, repo: string): FinalIssue =>
  (result.final[repo] as { issues: FinalIssue[] }).issues[0] as FinalIssue;
const appComments = (issue: FinalIssue, kind: string) =>
  issue.comments.filter((c) => c.author === 'incident-responder[bot]' && c.body.includes(`incident-responder:${kind}`));
interface FinalPull {
  number: number;
  title: string;
  state: string;
  head: string;
  files: Record<string, string>;
}
const reportPulls = (result: SimulationResult): FinalPull[] =>
  (result.final['acme/incident-reports'] as { pulls: FinalPull[] }).pulls;
/** Writes that would replace an issue's body (closing sends only the state). */
const bodyWrites = (result: SimulationResult) =>
  result.actions.filter(
    (a) =>
      a.method === 'PATCH' &&
      /\/issues\/\d+$/.test(a.path) &&
      typeof a.body === 'object' &&
      a.body !== null &&
      'body' in a.body,
  );

describe('example scenarios (one per shipped template)', () => {
  it('incident.md: warnings at their deadlines, once each; post-incident steps count from the close', async () => {
    const result = await run('examples/incident.yml');
    const issue = issueOf(result, 'acme/shop');
    expect(appComments(issue, 'status')).toHaveLength(1);
    expect(appComments(issue, 'overdue').map((c) => c.created_at)).toEqual([
      '2026-11-23T10:15:00Z', // 15 min: the call was opened at 20 min
      '2026-11-23T10:30:00Z', // 30 min: first update posted at 45 min
      '2026-11-23T11:00:00Z', // daytime variant: 1 hr
      '2026-11-23T14:30:00Z', // 1 hr after resolution (closed at 3h30m)
    ]);
    expect(bodyWrites(result)).toEqual([]);
    expect(issue.state).toBe('closed');
    const [pull, ...more] = reportPulls(result);
    expect(more).toEqual([]);
    expect([pull?.title, pull?.state, pull?.head]).toEqual([
      'Incident report: Checkout returns 500s',
      'open',
      'incident-report/acme-shop-1',
    ]);
    const report = pull?.files['reports/2026-11-23-checkout-returns-500s.md'] ?? '';
    expect(report).toMatch(/^lead: "alice"$/m);
    expect(report).toMatch(/^resolved: "2026-11-23T13:30:00.000Z"$/m);
    expect(report).toContain('Checkout API returns 500 for every card payment');
  });

  it('incident-severity.md: steps of other severities never warn; the recurring step warns each missed interval', async () => {
    const result = await run('examples/incident-severity.yml');
    const issue = issueOf(result, 'acme/payments');
    const warnings = appComments(issue, 'overdue');
    expect(warnings.some((w) => w.body.includes('engineering manager'))).toBe(false);
    expect(warnings.filter((w) => w.body.includes('Post a status update')).map((w) => w.created_at)).toEqual([
      '2026-11-23T20:30:00Z',
      '2026-11-23T21:00:00Z',
      '2026-11-23T21:30:00Z',
      '2026-11-23T22:00:00Z',
    ]);
    // One ping per person per 30 minutes: the warning at 20:30 names carol without pinging her again.
    expect(
      warnings.map((w) => [
        w.created_at,
        w.body.includes('@carol') ? 'ping' : w.body.includes('`carol`') ? 'named' : 'none',
      ]),
    ).toEqual([
      ['2026-11-23T20:15:00Z', 'ping'],
      ['2026-11-23T20:30:00Z', 'named'],
      ['2026-11-23T21:00:00Z', 'ping'],
      ['2026-11-23T21:30:00Z', 'ping'],
      ['2026-11-23T22:00:00Z', 'ping'],
    ]);
    expect(appComments(issue, 'status')[0]?.body).toMatch(/not applicable at this severity/);
    expect(reportPulls(result).map((p) => [p.title, p.state, Object.keys(p.files)])).toEqual([
      ['Incident report: Card payments slow', 'open', ['reports/2026-11-23-card-payments-slow.md']],
    ]);
  });

  it('incident-form.yml: redelivery changes nothing; a restart between a deadline and its warning still warns, once', async () => {
    const result = await run('examples/incident-form.yml');
    const issue = issueOf(result, 'acme/api');
    expect(appComments(issue, 'status')).toHaveLength(1);
    expect(appComments(issue, 'overdue').map((c) => c.created_at)).toEqual([
      '2026-11-28T03:05:00Z',
      '2026-11-28T03:20:00Z',
    ]);
    expect(appComments(issue, 'status')[0]?.body).toMatch(/Severity: \*\*high\*\* \(from label\)/);
    expect(issue.labels).toContain('severity: high');
    expect(result.actions.filter((a) => a.at === '2026-11-28T03:01:00Z')).toEqual([]);
    expect(bodyWrites(result)).toEqual([]);
    expect(issue.state).toBe('closed');
    const [pull, ...more] = reportPulls(result);
    expect(more).toEqual([]);
    expect(pull?.files['reports/2026-11-28-api-latency.md']).toMatch(/^severity: "high"$/m);
    expect(pull?.files['reports/2026-11-28-api-latency.md']).toMatch(/^impact_start: "2026-11-28T02:50:00.000Z"$/m);
  });
});

describe('example: commands and follow-ups', () => {
  it('roles hand over, a refused command is answered, action items become sub-issues once, their state shows', async () => {
    const result = await run('examples/commands-and-follow-ups.yml');
    const issues = (
      result.final['acme/shop'] as {
        issues: Array<FinalIssue & { title: string; parent: number | null; sub_issues: number[]; assignees: string[] }>;
      }
    ).issues;
    const [incident, ...followUps] = issues;
    expect(followUps.map((i) => [i.title, i.parent, i.assignees])).toEqual([
      ['Alert when the search index is empty', 1, ['bob']],
      ['Add a canary query to the deploy pipeline', 1, ['alice']],
    ]);
    expect(incident?.sub_issues).toEqual([2, 3]);
    expect(incident?.assignees).toEqual(['bob']);
    expect(incident?.labels.sort()).toEqual(['incident', 'mitigated', 'severity: high']);
    expect(incident?.state).toBe('closed');
    const replies = incident ? appComments(incident, 'reply') : [];
    expect(replies.map((r) => r.body)).toEqual([expect.stringMatching(/@eve .*needs at least \*\*triage\*\*/s)]);
    const status = (incident ? appComments(incident, 'status')[0]?.body : '')?.replace(/\\(.)/g, '$1') ?? '';
    expect(status).toMatch(/Lead: `bob`/);
    expect(status).toMatch(/✅ closed: \[acme\/shop#\u200b3\]/);
    expect(status).toMatch(/Latest update\*\* \(2026-11-24 14:50 UTC\): Index rebuilt, results are back/);
    expect(bodyWrites(result)).toEqual([]);
  });
});

describe('simulate --json', () => {
  it('prints start, actions, requests and final as the contract says', async () => {
    let stdout = '';
    const code = await main(['simulate', 'examples/incident-form.yml', '--json'], {
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
      readFile: (path) => readFile(path, 'utf8'),
    });
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(['start', 'actions', 'requests', 'final']);
    expect(json.actions[0]).toEqual({
      at: '2026-11-28T03:00:00Z',
      method: 'POST',
      path: '/repos/acme/api/issues/1/comments',
      body: { body: expect.stringContaining('incident-responder:status') },
    });
    expect(json.requests).toEqual({
      total: expect.any(Number),
      reads: expect.any(Number),
      writes: json.actions.length,
    });
    const repo = json.final['acme/api'];
    expect(Object.keys(repo)).toEqual(['visibility', 'issues', 'files', 'branches', 'pulls', 'check_runs']);
    expect(Object.keys(repo.issues[0])).toEqual([
      'number',
      'title',
      'body',
      'state',
      'labels',
      'assignees',
      'parent',
      'sub_issues',
      'comments',
    ]);
    expect(Object.keys(repo.issues[0].comments[0])).toEqual(['id', 'author', 'body', 'created_at', 'updated_at']);
  });

  it('reports scenario mistakes clearly', async () => {
    let stderr = '';
    const code = await main(['simulate', 's.yml'], {
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
      readFile: async () => 'repo: a/b\nstart: 2026-11-23T10:00:00Z\nevents:\n  - at: soon\n    wait: true\n',
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/events\.0\.at: "soon" is not an offset/);
  });
});
