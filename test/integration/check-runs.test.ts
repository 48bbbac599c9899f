import { describe, expect, it } from '@jest/globals';
import { CHECK_RUN_NAME } from '../../src/domain/checks/check-run.js';
import { runScenario, scenarioSchema, type SimulationResult } from '../../src/simulator/scenario.js';

interface FinalCheckRun {
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output: {
    title: string;
    summary: string;
    annotations: Array<{ path: string; start_line: number; annotation_level: string; message: string }>;
  };
}

const GOOD_CONFIG = 'reminders:\n  grace: 10m\n';
// Line 4 is broken: `levels` must be a list.
const BROKEN_CONFIG = 'reminders:\n  grace: 10m\nseverity:\n  levels: three of them\n';

const template = (deadline: string): string =>
  [
    '---',
    'name: Incident',
    'about: Start an incident',
    'labels: [incident]',
    '---',
    '## Response',
    '',
    '- [ ] Acknowledge the alert `15 min`',
    `- [ ] Post the first status update \`${deadline}\``,
    '',
  ].join('\n');
const TEMPLATE = '.github/ISSUE_TEMPLATE/incident.md';

async function play(events: unknown[], files: Record<string, string> = {}): Promise<SimulationResult> {
  const scenario = scenarioSchema.parse({
    repo: 'acme/shop',
    start: '2026-11-23T10:00:00Z',
    users: { alice: 'write' },
    config: GOOD_CONFIG,
    files: { [`acme/shop:${TEMPLATE}`]: template('30 min'), ...files },
    events,
  });
  return runScenario({ scenario, readFile: () => Promise.reject(new Error('no files')) });
}

const runsOf = (result: SimulationResult): FinalCheckRun[] =>
  (result.final['acme/shop'] as { check_runs: FinalCheckRun[] }).check_runs;

describe('checks on the change (simulator)', () => {
  it('a push that breaks .github/incident.yml fails with an annotation on the broken line; the fix passes', async () => {
    const result = await play([
      { at: '1m', push: { files: { '.github/incident.yml': BROKEN_CONFIG }, by: 'alice' } },
      { at: '2m', push: { files: { '.github/incident.yml': GOOD_CONFIG }, by: 'alice' } },
    ]);
    const [broken, fixed] = runsOf(result);
    expect(runsOf(result)).toHaveLength(2);
    expect(broken).toMatchObject({ name: CHECK_RUN_NAME, status: 'completed', conclusion: 'failure' });
    expect(broken?.head_sha).toMatch(/^[0-9a-f]{40}$/);
    expect(broken?.output.annotations).toEqual([
      expect.objectContaining({
        path: '.github/incident.yml',
        start_line: 4,
        annotation_level: 'failure',
        message: expect.stringContaining('severity.levels'),
      }),
    ]);
    expect(broken?.output.summary).toContain('.github/incident.yml:4');
    expect(fixed).toMatchObject({ conclusion: 'success' });
    expect(fixed?.head_sha).not.toBe(broken?.head_sha);
    expect(fixed?.output.annotations.filter((a) => a.annotation_level === 'failure')).toEqual([]);
  });

  it('the same for an issue template: a broken deadline fails on its line, the fix passes', async () => {
    const result = await play([
      { at: '1m', push: { files: { [TEMPLATE]: template('30 minnutes') }, by: 'alice' } },
      { at: '2m', push: { files: { [TEMPLATE]: template('30 min') }, by: 'alice' } },
    ]);
    const [broken, fixed] = runsOf(result);
    expect(broken?.conclusion).toBe('failure');
    expect(broken?.output.annotations.filter((a) => a.annotation_level === 'failure')).toEqual([
      expect.objectContaining({ path: TEMPLATE, start_line: 9 }),
    ]);
    expect(fixed?.conclusion).toBe('success');
  });

  it('a push that changes neither posts nothing, and a bug-report template is not held to incident rules', async () => {
    const result = await play(
      [
        {
          at: '1m',
          push: {
            files: { 'README.md': '# shop', '.github/ISSUE_TEMPLATE/bug.md': '---\nname: Bug\nlabels: [bug]\n---\n' },
            by: 'alice',
          },
        },
      ],
      {},
    );
    // The bug template changed, so the files are checked; it is not an incident template and passes.
    expect(runsOf(result).map((r) => r.conclusion)).toEqual(['success']);
    const quiet = await play([{ at: '1m', push: { files: { 'README.md': '# shop' }, by: 'alice' } }]);
    expect(runsOf(quiet)).toEqual([]);
    expect(quiet.requests.writes).toBe(0);
  });

  it('more than 50 annotations are posted 50 at a time (GitHub refuses more in one request)', async () => {
    const steps = Array.from({ length: 60 }, (_, i) => `- [ ] Step ${i} \`${i + 1} minnutes\``);
    const big = ['---', 'name: Incident', 'labels: [incident]', '---', ...steps, ''].join('\n');
    const result = await play([{ at: '1m', push: { files: { [TEMPLATE]: big }, by: 'alice' } }]);
    const [run] = runsOf(result);
    expect(run?.conclusion).toBe('failure');
    expect(run?.output.annotations.filter((a) => a.annotation_level === 'failure')).toHaveLength(60);
    const writes = result.actions.map((a) => `${a.method} ${a.path}`);
    expect(writes).toEqual([
      'POST /repos/acme/shop/check-runs',
      expect.stringMatching(/^PATCH \/repos\/acme\/shop\/check-runs\/\d+$/),
    ]);
  });

  it('a redelivered push posts no second check run', async () => {
    const result = await play([
      { at: '1m', push: { files: { '.github/incident.yml': BROKEN_CONFIG }, by: 'alice' } },
      { at: '2m', redeliver: 'last' },
    ]);
    expect(runsOf(result)).toHaveLength(1);
  });
});
