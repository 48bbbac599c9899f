import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main as cli } from '../../src/cli/main.js';
import { loadYaml } from '../../src/config/yaml.js';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import {
  ACTIONS_BOT_LOGIN,
  BOT_LOGIN,
  SimulatedGitHub,
  type SimIssue,
  type SimRepo,
  type WebhookEvent,
  type WorkflowPermissions,
} from '../../src/simulator/state.js';
import { runActionEntry, serveSimulator, type ActionRun } from '../helpers/action-run.js';
import { REPORTS_CONSENT } from '../helpers/consent.js';

/**
 * The GitHub Action as a workflow runs it: its entry in a child process, GitHub's environment
 * variables, event payloads shaped like GitHub's, against the simulator over HTTP. `npm test` builds
 * lib/ first; the report case runs the committed bundle (dist/index.js), which CI checks is current.
 */
const LIB_ENTRY = join(process.cwd(), 'lib', 'action', 'main.js');
const BUNDLE = join(process.cwd(), 'dist', 'index.js');

const T0 = new Date('2026-11-23T10:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const BODY =
  '- [ ] `30 min` Fix it\n- [ ] `2 hrs` Write the customer update\n\n## Action items\n\n- [ ] Add an alert on queue depth\n';
const WORKFLOW_TOKEN = 'ghs_workflowRunToken0001';
/** A run of the same workflow with the two permissions the template says to add for reports in this repository. */
const REPORTS_TOKEN = 'ghs_workflowRunToken0002';

interface WorkflowFile {
  on: Record<string, unknown>;
  permissions: unknown;
  jobs: {
    respond: {
      permissions: WorkflowPermissions;
      concurrency: { group: string; 'cancel-in-progress': boolean };
      steps: Array<{ uses?: string; with?: Record<string, string> }>;
    };
  };
}
const TEMPLATE = loadYaml(
  readFileSync(join(process.cwd(), 'templates', 'workflows', 'incident.yml'), 'utf8'),
) as WorkflowFile;
/** The permissions the workflow template grants: the runs below get exactly these. */
const TEMPLATE_PERMISSIONS = TEMPLATE.jobs.respond.permissions;

describe('the workflow template (templates/workflows/incident.yml)', () => {
  it('listens to the events the Action acts on, one run at a time per issue, with least privilege', () => {
    expect(TEMPLATE.on).toEqual({
      issues: { types: ['opened', 'edited', 'labeled', 'unlabeled', 'closed', 'reopened', 'assigned', 'unassigned'] },
      issue_comment: { types: ['created'] },
      schedule: [{ cron: expect.stringMatching(/^\*\/\d+ \* \* \* \*$/) }],
      workflow_dispatch: null,
      repository_dispatch: { types: ['incident-alert'] },
    });
    expect(TEMPLATE.permissions).toEqual({});
    expect(TEMPLATE_PERMISSIONS).toEqual({ issues: 'write', contents: 'read' });
    expect(TEMPLATE.jobs.respond.concurrency).toEqual({
      group: expect.stringMatching(/github\.event\.issue\.number.*'sweep'/),
      'cancel-in-progress': false,
    });
    expect(TEMPLATE.jobs.respond.steps.map((s) => s.with?.token)).toEqual(['${{ github.token }}']);
  });

  it("the project's own workflow (.github/workflows/incident.yml) is the template, run from the checkout", () => {
    const own = loadYaml(
      readFileSync(join(process.cwd(), '.github', 'workflows', 'incident.yml'), 'utf8'),
    ) as WorkflowFile;
    const { steps: ownSteps, ...ownJob } = own.jobs.respond;
    const { steps: templateSteps, ...templateJob } = TEMPLATE.jobs.respond;
    expect({ ...own, jobs: { respond: ownJob } }).toEqual({ ...TEMPLATE, jobs: { respond: templateJob } });
    expect(ownSteps.map((s) => s.uses)).toEqual([expect.stringMatching(/^actions\/checkout@/), './']);
    expect(ownSteps.at(-1)?.with).toEqual(templateSteps.at(-1)?.with);
  });

  it('`check` passes on the config it ships with (templates/incident-config.yml) and the issue templates', async () => {
    let out = '';
    const code = await cli(
      [
        'check',
        '--config',
        'templates/incident-config.yml',
        'templates/issue-templates/incident.md',
        'templates/issue-templates/incident-form.yml',
      ],
      {
        stdout: (t) => (out += t),
        stderr: (t) => (out += t),
        readFile: (path) => Promise.resolve(readFileSync(path, 'utf8')),
      },
    );
    expect(out).toMatch(/^ok: .*no problems/);
    expect(code).toBe(0);
  });
});

const byMarker = (issue: SimIssue, login: string, kind: string) =>
  issue.comments.filter((c) => c.user === login && c.body.includes(`incident-responder:${kind}`));
const shown = (body: string) => body.replace(/\\(.)/g, '$1').replace(/\u200b/g, '');

/** A workflow-run world: the simulator on a settable clock, served over HTTP, one repository. */
class World {
  now = T0;
  readonly sim = new SimulatedGitHub(() => this.now);
  readonly human = new HumanActions(this.sim);
  readonly repo: SimRepo;
  server!: { url: string; close: () => Promise<void> };

  constructor(config: string) {
    this.repo = this.sim.addRepo('acme/shop', 'private');
    this.repo.files['.github/incident.yml'] = config;
    this.sim.setPermission('alice', 'acme/shop', 'write');
    this.sim.setPermission('mallory', 'acme/shop', 'read');
  }

  async start(permissions: WorkflowPermissions = TEMPLATE_PERMISSIONS): Promise<this> {
    this.sim.addWorkflowToken(WORKFLOW_TOKEN, { repo: 'acme/shop', permissions });
    this.sim.addWorkflowToken(REPORTS_TOKEN, {
      repo: 'acme/shop',
      permissions: { ...permissions, contents: 'write', 'pull-requests': 'write' },
    });
    this.server = await serveSimulator(this.sim);
    return this;
  }

  run(
    event: WebhookEvent | { name: 'schedule' | 'workflow_dispatch'; payload: Record<string, unknown> },
    options: {
      token?: string;
      entry?: string;
      minutes?: number;
      throttle?: boolean;
      inputs?: Record<string, string>;
    } = {},
  ): Promise<ActionRun> {
    if (options.minutes !== undefined) this.now = at(options.minutes);
    return runActionEntry({
      entry: options.entry ?? LIB_ENTRY,
      apiUrl: this.server.url,
      repository: 'acme/shop',
      eventName: event.name,
      payload: event.payload,
      token: options.token ?? WORKFLOW_TOKEN,
      now: this.now,
      throttle: options.throttle,
      inputs: options.inputs,
    });
  }

  schedule(): { name: 'schedule'; payload: Record<string, unknown> } {
    return {
      name: 'schedule',
      payload: {
        schedule: '*/5 * * * *',
        workflow: '.github/workflows/incident.yml',
        ...this.sim.envelope(this.repo, 'github-actions'),
      },
    };
  }
}

describe('the Action over a workflow token (GITHUB_TOKEN)', () => {
  const world = new World('reports:\n  repo: acme/shop\n');
  let issue: SimIssue;
  beforeAll(async () => {
    await world.start();
  });
  afterAll(() => world.server.close());

  it('issues.opened: one status comment, by github-actions[bot]', async () => {
    const opened = world.human.open(world.repo, {
      title: 'Checkout returns 500s',
      body: BODY,
      labels: ['incident'],
      by: 'alice',
    });
    issue = opened.issue;
    const run = await world.run(opened.event, { minutes: 0 });
    expect(run.stdout).not.toContain('::error::');
    expect(run.code).toBe(0);
    expect(byMarker(issue, ACTIONS_BOT_LOGIN, 'status')).toHaveLength(1);
    expect(issue.comments).toHaveLength(1);
    expect(run.outputs).toEqual({
      incidents: '1',
      'maintenance-windows': '0',
      comments: '1',
      warnings: '0',
      'follow-ups': '0',
      'report-pr': '',
      writes: '1',
      'stopped-at-max-writes': 'false',
    });
  });

  it('a schedule run after a deadline: one warning (and the settled action item becomes a follow-up)', async () => {
    const run = await world.run(world.schedule(), { minutes: 40 });
    expect(run.code).toBe(0);
    const warnings = byMarker(issue, ACTIONS_BOT_LOGIN, 'overdue');
    expect(warnings).toHaveLength(1);
    expect(shown(warnings[0]?.body ?? '')).toContain('Fix it');
    expect(world.repo.issues.filter((i) => i.user === ACTIONS_BOT_LOGIN).map((i) => i.title)).toEqual([
      'Add an alert on queue depth',
    ]);
    expect(run.outputs).toMatchObject({ incidents: '1', comments: '1', warnings: '1', 'follow-ups': '1' });
  });

  it('a second schedule run: nothing new', async () => {
    const before = issue.comments.map((c) => `${c.id}:${c.updated_at}`);
    const run = await world.run(world.schedule(), { minutes: 45 });
    expect(run.code).toBe(0);
    expect(issue.comments.map((c) => `${c.id}:${c.updated_at}`)).toEqual(before);
    expect(world.repo.issues).toHaveLength(2);
    expect(run.outputs).toMatchObject({ incidents: '1', comments: '0', warnings: '0', 'follow-ups': '0' });
  });

  it('a command comment: its effect, and 👍 from github-actions[bot]', async () => {
    world.now = at(50);
    const event = world.human.comment(world.repo, issue.number, { body: '/incident lead @alice', by: 'alice' });
    const run = await world.run(event);
    expect(run.code).toBe(0);
    expect(issue.assignees).toEqual(['alice']);
    expect(issue.comments.at(-1)?.reactions).toEqual([{ content: '+1', user: ACTIONS_BOT_LOGIN }]);
    expect(shown(byMarker(issue, ACTIONS_BOT_LOGIN, 'status')[0]?.body ?? '')).toContain('Lead: `alice`');
    expect(byMarker(issue, ACTIONS_BOT_LOGIN, 'status')).toHaveLength(1);
  });

  it('a refused command: a reply saying why, no effect, no 👍', async () => {
    world.now = at(52);
    const event = world.human.comment(world.repo, issue.number, { body: '/incident severity low', by: 'mallory' });
    const commentId = (event.payload.comment as { id: number }).id;
    const run = await world.run(event);
    expect(run.code).toBe(0);
    const replies = byMarker(issue, ACTIONS_BOT_LOGIN, 'reply');
    expect(replies).toHaveLength(1);
    expect(shown(replies[0]?.body ?? '')).toMatch(/@mallory .*(permission|write)/i);
    expect(issue.comments.find((c) => c.id === commentId)?.reactions).toEqual([]);
    expect(run.outputs).toMatchObject({ comments: '1' });
  });

  it('issues.closed with a reports repository: one report pull request (the committed bundle, throttling on as in production)', async () => {
    world.now = at(90);
    const closed = world.human.close(world.repo, issue.number, { by: 'alice' });
    const run = await world.run(closed, { entry: BUNDLE, throttle: true, token: REPORTS_TOKEN });
    expect(run.stdout).not.toContain('::error::');
    expect(run.code).toBe(0);
    expect(world.repo.pulls.map((p) => [p.title, p.head, p.user])).toEqual([
      ['Incident report: Checkout returns 500s', 'incident-report/acme-shop-1', ACTIONS_BOT_LOGIN],
    ]);
    const report =
      world.sim.filesAt(world.repo, world.repo.pulls[0]?.headSha ?? '')[
        'reports/2026-11-23-checkout-returns-500s.md'
      ] ?? '';
    // The built-in template, inlined in the bundle.
    expect(report).toContain('incident: "acme/shop#1"');
    expect(report).toContain('Add an alert on queue depth');
    expect(run.outputs['report-pr']).toBe(`https://github.com/acme/shop/pull/${world.repo.pulls[0]?.number}`);

    const again = await world.run(closed, { entry: BUNDLE, token: REPORTS_TOKEN });
    expect(again.code).toBe(0);
    expect(world.repo.pulls).toHaveLength(1);
  });

  it('the report pull request merged (pull_request.closed, merged): the same index pass opens the index pull request', async () => {
    const report = world.repo.pulls[0]?.number ?? 0;
    const merged = world.human.merge(world.repo, report, { by: 'alice' });
    const run = await world.run(merged, { minutes: 95, token: REPORTS_TOKEN });
    expect(run.stdout).not.toContain('::error::');
    expect(run.code).toBe(0);
    const index = world.repo.pulls.find((p) => p.head === 'incident-index');
    expect([index?.title, index?.user, index?.state]).toEqual([
      'Refresh the incident index',
      ACTIONS_BOT_LOGIN,
      'open',
    ]);
    expect(world.sim.filesAt(world.repo, index?.headSha ?? '')['reports/README.md']).toContain('Checkout returns 500s');
    // The control: a merged pull request the app did not open refreshes nothing.
    const byHand = world.human.merge(world.repo, index?.number ?? 0, { by: 'alice' });
    const none = await world.run(byHand, { minutes: 96, token: REPORTS_TOKEN });
    expect(none.stdout).toMatch(/not a report pull request/);
  });
});

describe('the Action: what a workflow token may not do', () => {
  it('without `issues: write` the run fails with one clear ::error:: line', async () => {
    const world = await new World('').start({ issues: 'read', contents: 'read' });
    try {
      const { event } = world.human.open(world.repo, { title: 'Down', body: BODY, labels: ['incident'], by: 'alice' });
      const run = await world.run(event);
      expect(run.code).toBe(1);
      const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error::'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/403.*issues: write/);
      expect(world.repo.issues[0]?.comments).toEqual([]);
    } finally {
      await world.server.close();
    }
  });

  it('a report to another private repository is refused to GITHUB_TOKEN (the status comment says so) and works with an App installation token', async () => {
    const world = await new World('reports:\n  repo: acme/incident-reports\n').start();
    const reports = world.sim.addRepo('acme/incident-reports', 'private');
    reports.files['.github/incident.yml'] = REPORTS_CONSENT;
    reports.files['README.md'] = 'Incident reports\n';
    try {
      const { issue, event } = world.human.open(world.repo, {
        title: 'Down',
        body: BODY,
        labels: ['incident'],
        by: 'alice',
      });
      expect((await world.run(event, { minutes: 0 })).code).toBe(0);
      const closed = world.human.close(world.repo, issue.number, { by: 'alice' });
      const refused = await world.run(closed, { minutes: 30 });
      expect(refused.code).toBe(0);
      expect(reports.pulls).toEqual([]);
      expect(shown(byMarker(issue, ACTIONS_BOT_LOGIN, 'status')[0]?.body ?? '')).toContain('acme/incident-reports');

      // The same repository under an App installation token (any non-workflow token in the simulator):
      // the comments are the App's then, so this run starts its own status comment.
      const app = await world.run(closed, { token: 'ghs_simulated1', minutes: 31 });
      expect(app.code).toBe(0);
      expect(reports.pulls.map((p) => p.user)).toEqual([BOT_LOGIN]);
      expect(app.outputs['report-pr']).toBe('https://github.com/acme/incident-reports/pull/1');
    } finally {
      await world.server.close();
    }
  });

  it('an event it does not act on: exit 0, nothing read or written', async () => {
    const world = await new World('').start();
    try {
      const requests = world.sim.requests.length;
      const run = await runActionEntry({
        entry: LIB_ENTRY,
        apiUrl: world.server.url,
        repository: 'acme/shop',
        eventName: 'push',
        payload: {},
        token: WORKFLOW_TOKEN,
        now: T0,
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Nothing to do: the push event/);
      expect(world.sim.requests.length).toBe(requests);
    } finally {
      await world.server.close();
    }
  });
});

describe('the Action: its config input', () => {
  it('reads the config from the path given (through the contents API, with the same parser)', async () => {
    const world = await new World('').start();
    world.repo.files['ops/incident.yml'] = 'incident:\n  labels: [sev]\n';
    try {
      const { issue, event } = world.human.open(world.repo, {
        title: 'Down',
        body: BODY,
        labels: ['sev'],
        by: 'alice',
      });
      const defaults = await world.run(event);
      expect(defaults.outputs).toMatchObject({ incidents: '0', comments: '0' });
      const configured = await world.run(event, { inputs: { config: 'ops/incident.yml' } });
      expect(configured.code).toBe(0);
      expect(configured.outputs).toMatchObject({ incidents: '1', comments: '1' });
      expect(byMarker(issue, ACTIONS_BOT_LOGIN, 'status')).toHaveLength(1);
    } finally {
      await world.server.close();
    }
  });

  it('an invalid config: a warning line in the log, the defaults apply, the run succeeds', async () => {
    const world = await new World('reminders:\n  grace: soon\n').start();
    try {
      const { issue, event } = world.human.open(world.repo, {
        title: 'Down',
        body: BODY,
        labels: ['incident'],
        by: 'alice',
      });
      const run = await world.run(event);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^::warning::\.github\/incident\.yml: reminders\.grace: /m);
      expect(byMarker(issue, ACTIONS_BOT_LOGIN, 'status')).toHaveLength(1);
    } finally {
      await world.server.close();
    }
  });
});

describe('the Action: the sweep (schedule, workflow_dispatch)', () => {
  it('stops at max-writes, says so in the job summary, and the next run continues', async () => {
    const world = await new World('').start();
    try {
      const issues = ['Checkout down', 'Search slow', 'Login fails'].map(
        (title) => world.human.open(world.repo, { title, body: BODY, labels: ['incident'], by: 'alice' }).issue,
      );
      // The sweep's order is its own (newest first): count how many incidents have their status comment.
      const statusCount = () => issues.filter((i) => byMarker(i, ACTIONS_BOT_LOGIN, 'status').length === 1).length;
      // Every run at the same minute: no status text ages between runs, so only the work left needs writes.
      const first = await world.run(world.schedule(), { minutes: 5, inputs: { 'max-writes': '1' } });
      expect(first.code).toBe(0);
      expect(statusCount()).toBe(1);
      expect(first.outputs).toMatchObject({ incidents: '1', 'stopped-at-max-writes': 'true' });
      expect(first.stdout).toMatch(/^::warning::Stopped after \d+ writes \(max-writes 1\): 2 incident\(s\) left/m);
      expect(first.summary).toContain('**Stopped at `max-writes` (1)**: 2 incident(s) left for the next run');
      const done = issues.find((i) => byMarker(i, ACTIONS_BOT_LOGIN, 'status').length === 1)?.number;
      expect(first.summary).toContain(`| [#${done}](https://github.com/acme/shop/issues/${done}) | 1 |`);

      const second = await world.run(world.schedule(), { minutes: 5, inputs: { 'max-writes': '1' } });
      expect(statusCount()).toBe(2);
      expect(second.outputs).toMatchObject({ 'stopped-at-max-writes': 'true' });
      const third = await world.run(world.schedule(), { minutes: 5, inputs: { 'max-writes': '1' } });
      expect(statusCount()).toBe(3);
      expect(issues.every((i) => byMarker(i, ACTIONS_BOT_LOGIN, 'status').length === 1)).toBe(true);
      expect(third.outputs).toMatchObject({ incidents: '3', writes: expect.stringMatching(/^[1-9]/) });
      const fourth = await world.run(world.schedule(), { minutes: 5, inputs: { 'max-writes': '1' } });
      expect(fourth.outputs).toMatchObject({ incidents: '3', writes: '0', 'stopped-at-max-writes': 'false' });
      expect(fourth.summary).not.toContain('Stopped');
    } finally {
      await world.server.close();
    }
  });

  it('the control: with the default max-writes one run does all three', async () => {
    const world = await new World('').start();
    try {
      const issues = ['Checkout down', 'Search slow', 'Login fails'].map(
        (title) => world.human.open(world.repo, { title, body: BODY, labels: ['incident'], by: 'alice' }).issue,
      );
      const run = await world.run(world.schedule(), { minutes: 5 });
      expect(run.code).toBe(0);
      expect(issues.map((i) => byMarker(i, ACTIONS_BOT_LOGIN, 'status').length)).toEqual([1, 1, 1]);
      expect(run.outputs).toMatchObject({ incidents: '3', 'stopped-at-max-writes': 'false' });
      expect(run.summary).toMatch(
        /^## incident-responder\n\nEvent `schedule`: 3 incident\(s\), \d+ write\(s\) to GitHub\./,
      );
    } finally {
      await world.server.close();
    }
  });

  it('leaves an issue opened in the last 3 minutes to its own run, then takes it up', async () => {
    const world = await new World('').start();
    try {
      const { issue } = world.human.open(world.repo, { title: 'Down', body: BODY, labels: ['incident'], by: 'alice' });
      const early = await world.run(world.schedule(), { minutes: 1 });
      expect(early.code).toBe(0);
      expect(early.outputs).toMatchObject({ incidents: '0', comments: '0' });
      expect(issue.comments).toEqual([]);
      const dispatched = await world.run(
        { name: 'workflow_dispatch', payload: { inputs: {}, ...world.sim.envelope(world.repo, 'alice') } },
        { minutes: 4 },
      );
      expect(dispatched.code).toBe(0);
      expect(dispatched.outputs).toMatchObject({ incidents: '1', comments: '1' });
      expect(byMarker(issue, ACTIONS_BOT_LOGIN, 'status')).toHaveLength(1);
    } finally {
      await world.server.close();
    }
  });
});

describe('from the App to the Action and back (the App installation token in the workflow)', () => {
  it('keeps one status comment, its warnings and follow-ups, without duplicates', async () => {
    const harness = await SimulatorHarness.create({ start: T0, sweep: false });
    const sim = harness.github;
    const repo = sim.addRepo('acme/shop', 'private');
    sim.setPermission('alice', 'acme/shop', 'write');
    const human = new HumanActions(sim);
    const server = await serveSimulator(sim);
    const action = (event: { name: string; payload: unknown }) =>
      runActionEntry({
        entry: LIB_ENTRY,
        apiUrl: server.url,
        repository: 'acme/shop',
        eventName: event.name,
        payload: event.payload,
        token: 'ghs_simulated1',
        now: harness.clock.now(),
      });
    const schedule = () => ({
      name: 'schedule',
      payload: { schedule: '*/5 * * * *', ...sim.envelope(repo, 'github-actions') },
    });
    /** Moves the simulator's time while the App is switched off: its own timers are stopped. */
    const idleTo = async (minutes: number) => {
      await harness.clock.advanceTo(at(minutes));
      sim.outbox = [];
    };
    try {
      // Under the App: the status comment, the 30-minute warning, the follow-up.
      const { issue, event } = human.open(repo, {
        title: 'Checkout returns 500s',
        body: BODY,
        labels: ['incident'],
        by: 'alice',
      });
      await harness.deliver(event);
      await harness.advanceTo(at(40));
      const status = byMarker(issue, BOT_LOGIN, 'status');
      expect(status).toHaveLength(1);
      const statusId = status[0]?.id;
      expect(byMarker(issue, BOT_LOGIN, 'overdue')).toHaveLength(1);
      expect(repo.issues.filter((i) => i.user === BOT_LOGIN)).toHaveLength(1);

      // The App is switched off; the Action continues.
      harness.runtime.stop();
      sim.outbox = [];
      await idleTo(45);
      const quiet = await action(schedule());
      expect(quiet.code).toBe(0);
      expect(quiet.outputs).toMatchObject({ incidents: '1', comments: '0', warnings: '0', 'follow-ups': '0' });
      await idleTo(50);
      const command = await action(
        human.comment(repo, issue.number, { body: '/incident summary Payments client timed out', by: 'alice' }),
      );
      expect(command.code).toBe(0);
      expect(issue.comments.at(-1)?.reactions).toEqual([{ content: '+1', user: BOT_LOGIN }]);
      await idleTo(130);
      const late = await action(schedule());
      expect(late.outputs).toMatchObject({ warnings: '1', 'follow-ups': '0' });
      expect(byMarker(issue, BOT_LOGIN, 'overdue')).toHaveLength(2);
      sim.outbox = [];

      // Back to the App (a fresh process: nothing in memory).
      await harness.restart();
      await harness.deliver(human.comment(repo, issue.number, { body: '/incident lead @alice', by: 'alice' }));
      await harness.advanceTo(at(300));
      expect(issue.assignees).toEqual(['alice']);
      expect(byMarker(issue, BOT_LOGIN, 'status').map((c) => c.id)).toEqual([statusId]);
      expect(byMarker(issue, BOT_LOGIN, 'overdue')).toHaveLength(2);
      expect(repo.issues.filter((i) => i.user === BOT_LOGIN).map((i) => i.title)).toEqual([
        'Add an alert on queue depth',
      ]);
      const shownStatus = shown(byMarker(issue, BOT_LOGIN, 'status')[0]?.body ?? '');
      expect(shownStatus).toContain('Payments client timed out');
      expect(shownStatus).toContain('Lead: `alice`');
    } finally {
      harness.runtime.stop();
      await server.close();
    }
  });
});

/**
 * Issue #25, finding 5, as it was run: under GITHUB_TOKEN every workflow writes as github-actions[bot]. A
 * sibling workflow posted an outsider's text, shaped like the app's status comment, before the Action's
 * first pass; the Action then adopted it as "the status comment" with its planted state (lead
 * `acme/everyone`, summary "False alarm").
 */
describe('the Action under the shared github-actions[bot] login (issue #25, finding 5)', () => {
  const PLANTED = {
    v: 1,
    roles: { lead: 'acme/everyone', scribe: null, comms: null },
    summary: 'False alarm',
    viewKey: 'x',
  };
  const plant = (world: World, number: number) =>
    world.human.comment(world.repo, number, {
      body: `<!-- incident-responder:status ${JSON.stringify(PLANTED)} -->\nThanks for opening this issue!`,
      by: ACTIONS_BOT_LOGIN,
    });

  it('with a signing key, a planted status comment does not count: the Action posts its own, sealed', async () => {
    const world = await new World('').start();
    try {
      const opened = world.human.open(world.repo, {
        title: 'Checkout down',
        body: BODY,
        labels: ['incident'],
        by: 'alice',
      });
      plant(world, opened.issue.number);
      const inputs = { 'signing-key': 'a-secret-of-this-repository' };
      const run = await world.run(opened.event, { minutes: 0, inputs });
      expect(run.code).toBe(0);
      const statuses = byMarker(opened.issue, ACTIONS_BOT_LOGIN, 'status');
      expect(statuses).toHaveLength(2);
      const own = statuses[1]?.body ?? '';
      expect(own).toMatch(/^<!-- incident-responder:status \{.*?\} --><!-- incident-responder:seal [0-9a-f]{64} -->/s);
      expect(shown(own)).not.toContain('False alarm');
      expect(own).not.toContain('acme/everyone');
      // The next run finds its own sealed comment again (no third one) and still ignores the planted one.
      const again = await world.run(world.schedule(), { minutes: 5, inputs });
      expect(again.code).toBe(0);
      expect(byMarker(opened.issue, ACTIONS_BOT_LOGIN, 'status')).toHaveLength(2);
      expect(statuses[0]?.body).toContain('Thanks for opening this issue!');
    } finally {
      await world.server.close();
    }
  });

  it('control: without a signing key the planted comment is taken as the status comment (what the README warns of), but a team is never its lead', async () => {
    const world = await new World('').start();
    try {
      const opened = world.human.open(world.repo, {
        title: 'Checkout down',
        body: BODY,
        labels: ['incident'],
        by: 'alice',
      });
      plant(world, opened.issue.number);
      const run = await world.run(opened.event, { minutes: 0 });
      expect(run.code).toBe(0);
      const statuses = byMarker(opened.issue, ACTIONS_BOT_LOGIN, 'status');
      expect(statuses).toHaveLength(1);
      expect(shown(statuses[0]?.body ?? '')).toContain('False alarm');
      expect(statuses[0]?.body).not.toContain('acme/everyone');
    } finally {
      await world.server.close();
    }
  });
});

/**
 * The same for a maintenance window's one comment: a sibling workflow's comment that opens with the
 * maintenance marker, posted before the Action's first pass, was taken for the app's and rewritten.
 */
describe('the maintenance comment under the shared github-actions[bot] login', () => {
  const CONFIG = 'status_page:\n  components: [API]\n';
  const BROKEN = '**Start:** 2026-11-23 11:00 UTC\n**End:** 2026-11-23 10:30 UTC\n**Components:** API\n';
  const FORGED = '<!-- incident-responder:maintenance -->\nDeploy preview ready: https://preview.example.com';
  const open = (world: World) => {
    const opened = world.human.open(world.repo, {
      title: 'Database upgrade',
      body: BROKEN,
      labels: ['maintenance'],
      by: 'alice',
    });
    world.human.comment(world.repo, opened.issue.number, { body: FORGED, by: ACTIONS_BOT_LOGIN });
    return opened;
  };

  it("with a signing key, a forged maintenance comment is not taken as the app's: the Action posts its own, sealed", async () => {
    const world = await new World(CONFIG).start();
    try {
      const opened = open(world);
      const inputs = { 'signing-key': 'a-secret-of-this-repository' };
      const run = await world.run(opened.event, { minutes: 0, inputs });
      expect(run.code).toBe(0);
      const comments = byMarker(opened.issue, ACTIONS_BOT_LOGIN, 'maintenance');
      expect(comments).toHaveLength(2);
      expect(comments[0]?.body).toBe(FORGED);
      expect(comments[1]?.body).toMatch(
        /^<!-- incident-responder:maintenance --><!-- incident-responder:seal [0-9a-f]{64} -->\n/,
      );
      expect(comments[1]?.body).toContain('is not after');
      // The next run finds its own sealed comment, unchanged (no write), and still leaves the forged one alone.
      const updated = comments[1]?.updated_at;
      const again = await world.run(world.schedule(), { minutes: 5, inputs });
      expect(again.code).toBe(0);
      expect(byMarker(opened.issue, ACTIONS_BOT_LOGIN, 'maintenance')).toHaveLength(2);
      expect(opened.issue.comments.find((c) => c.body === FORGED)).toBeDefined();
      expect(byMarker(opened.issue, ACTIONS_BOT_LOGIN, 'maintenance')[1]?.updated_at).toBe(updated);
    } finally {
      await world.server.close();
    }
  });

  it("control: without a signing key the forged comment is taken as the app's and rewritten", async () => {
    const world = await new World(CONFIG).start();
    try {
      const opened = open(world);
      const run = await world.run(opened.event, { minutes: 0 });
      expect(run.code).toBe(0);
      const comments = byMarker(opened.issue, ACTIONS_BOT_LOGIN, 'maintenance');
      expect(comments).toHaveLength(1);
      expect(comments[0]?.body).toContain('is not after');
    } finally {
      await world.server.close();
    }
  });
});

describe('the Action: maintenance windows in the run summary', () => {
  it('a sweep counts a maintenance window apart from the incidents (outputs, job summary)', async () => {
    const world = await new World('status_page:\n  components: [API]\n').start({ issues: 'write', contents: 'write' });
    try {
      world.human.open(world.repo, { title: 'Checkout down', body: BODY, labels: ['incident'], by: 'alice' });
      const window = world.human.open(world.repo, {
        title: 'Database upgrade',
        body: '**Start:** 2026-11-23 11:00 UTC\n**End:** 2026-11-23 12:00 UTC\n**Components:** API\n',
        labels: ['maintenance'],
        by: 'alice',
      });
      const run = await world.run(world.schedule(), { minutes: 10 });
      expect(run.code).toBe(0);
      // The window's pass ran and published it.
      const branches = (world.sim.snapshot()['acme/shop'] as { branches: Record<string, Record<string, string>> })
        .branches;
      expect(branches['status-page']?.['status/incidents.json']).toContain('"phase": "scheduled"');
      expect(run.outputs.incidents).toBe('1');
      expect(run.outputs['maintenance-windows']).toBe('1');
      expect(run.summary).toContain('1 incident(s), 1 maintenance window(s),');
      expect(run.summary).toContain(`[#${window.issue.number}](`);
      expect(run.summary).toContain(') (maintenance window) |');
    } finally {
      await world.server.close();
    }
  });
});

describe('the Action: `/incident stats` behind the cooldown, kept in its own replies', () => {
  it('a second `stats` within the cooldown is answered without a rebuild; after it, rebuilt again', async () => {
    const world = await new World('reports:\n  repo: acme/shop\n').start();
    try {
      const opened = world.human.open(world.repo, {
        title: 'Checkout down',
        body: BODY,
        labels: ['incident'],
        by: 'alice',
      });
      expect((await world.run(opened.event, { minutes: 0 })).code).toBe(0);
      const stats = async (minutes: number) => {
        world.now = at(minutes);
        const event = world.human.comment(world.repo, opened.issue.number, { body: '/incident stats', by: 'alice' });
        const from = world.sim.requests.length;
        const run = await world.run(event, { token: REPORTS_TOKEN });
        expect(run.code).toBe(0);
        const reply = byMarker(opened.issue, ACTIONS_BOT_LOGIN, 'reply').at(-1)?.body ?? '';
        const treeReads = world.sim.requests
          .slice(from)
          .filter((r) => r.method === 'GET' && r.path.includes('/git/trees'));
        return { reply: shown(reply), rebuilt: treeReads.length > 0 };
      };
      const first = await stats(1);
      expect(first.rebuilt).toBe(true);
      expect(first.reply).not.toContain('rebuilt a short while ago');
      const second = await stats(4);
      expect(second.rebuilt).toBe(false);
      expect(second.reply).toContain('rebuilt a short while ago');
      expect(second.reply).toContain('2026-11-23 10:11 UTC');
      // Control: past the cooldown (10 minutes from the first rebuild's reply), `stats` rebuilds again.
      const third = await stats(12);
      expect(third.rebuilt).toBe(true);
      expect(third.reply).not.toContain('rebuilt a short while ago');
    } finally {
      await world.server.close();
    }
  });
});
