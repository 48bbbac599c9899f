import { describe, expect, it } from '@jest/globals';
import { evaluateAt, issueSnapshot } from '../helpers/incident-builders.js';
import { planCommandComment } from '../../src/domain/commands/apply.js';
import { parseCommands } from '../../src/domain/commands/parse.js';
import {
  completedByEvents,
  doneEventsOf,
  type DoneEvent,
  type DoneWhenSettings,
} from '../../src/domain/template/done-when.js';
import { numberedSteps, stepsWithCadence, type IssueSnapshot } from '../../src/domain/incident/incident-state.js';
import { emptyMetadata, type IncidentMetadata } from '../../src/domain/incident/metadata.js';
import type { Step } from '../../src/domain/template/types.js';
import { incidentSettingsOf } from '../../src/config/incident-settings.js';
import { parseConfigYaml } from '../../src/config/load.js';

const BUILTIN: DoneWhenSettings = { rules: [], builtin: true, prefix: '/incident' };
const settings = (yaml = '') => incidentSettingsOf(parseConfigYaml(yaml));

describe('which event completes a step (the built-in rules)', () => {
  it.each<[string, DoneEvent[]]>([
    // The commands a step names: all of them must have run.
    ['Acknowledge the alert and take the lead (`/incident lead @you`)', ['lead']],
    ['Name a scribe to keep the timeline (`/incident scribe @someone`)', ['scribe']],
    ['Pick someone for comms: `/incident comms @x`', ['comms']],
    ['Set the severity (`/incident severity high|medium|low`)', ['severity']],
    ['Post the first status update (`/incident status ...`)', ['status']],
    ['Say you are on it with `/incident ack`', ['acknowledged']],
    ['Stop the bleeding, then say so with `/incident mitigated`.', ['mitigated']],
    ['Resolve: the service is back (`/incident resolved`)', ['resolved']],
    ['Record who is affected with `/incident impact`', ['impact']],
    ['Write one sentence with `/incident summary`', ['summary']],
    ['File each fix with `/incident action`', ['follow-up']],
    ['Hand out roles: `/incident lead`, `/incident scribe`, `/incident comms`.', ['lead', 'scribe', 'comms']],
    // Phrases, for steps that name no command.
    ['Page the incident commander', ['lead']],
    ['Take the lead', ['lead']],
    ['Assign a lead for the response', ['lead']],
    ['Set the severity label', ['severity']],
    ['Post the first status update', ['status']],
    ['Acknowledge the page', ['acknowledged']],
    ['Mitigated: users can check out again', ['mitigated']],
    ['Resolve the incident', ['resolved']],
    ['Turn every action item into a follow-up issue', ['follow-up']],
    ['Open follow up issues for the fixes', ['follow-up']],
    ['Write the incident report', ['report']],
    ['Schedule the post-mortem', ['report']],
    // Nothing to go by: only the box completes these.
    ['Open a call for responders', []],
    ['Keep notes with `/incident note`', []],
    ['Confirm the severity:', []],
    ['Tell everyone the incident is over after resolution', []],
    ['Do not mislead customers', []],
  ])('%s', (text, events) => {
    expect(doneEventsOf({ text, settings: BUILTIN })).toEqual(events);
  });
});

describe('configured and explicit rules', () => {
  it.each<[string, DoneWhenSettings, DoneEvent[]]>([
    ['the step says so itself: "done when: lead"', BUILTIN, ['lead']],
    ['Page the manager (done when: never) and `/incident lead`', BUILTIN, []],
    ['Page the manager (done when: nonsense)', BUILTIN, []],
    [
      'Page the manager on call',
      { ...BUILTIN, rules: [{ match: 'page the manager', when: 'acknowledged' }] },
      ['acknowledged'],
    ],
    ['Set the severity', { ...BUILTIN, rules: [{ match: 'severity', when: 'never' }] }, []],
    ['Set the severity', { ...BUILTIN, builtin: false }, []],
    [
      'Set the severity (`/incident severity`)',
      { ...BUILTIN, builtin: false, rules: [{ match: 'set-the severity', when: 'severity' }] },
      ['severity'],
    ],
    ['Take the lead with `/page lead`', { ...BUILTIN, prefix: '/page' }, ['lead']],
  ])('%s', (text, doneWhen, events) => {
    expect(doneEventsOf({ text, settings: doneWhen })).toEqual(events);
  });
});

const step = (over: Partial<Step>): Step => ({
  id: 's',
  text: 'step',
  checked: false,
  section: null,
  depth: 0,
  line: 1,
  deadline: null,
  severities: null,
  postIncident: false,
  ...over,
});

describe('completedByEvents', () => {
  const fact = (at: string, via: string) => ({ at, by: 'bob', via });
  it('a step naming several commands is done when the last of them ran', () => {
    const steps = [step({ id: 'roles', text: 'Roles: `/incident lead`, `/incident scribe`' })];
    expect(
      completedByEvents({
        steps,
        facts: { lead: fact('2026-11-23T10:01:00Z', '/incident lead @bob') },
        settings: BUILTIN,
      }),
    ).toEqual({});
    const done = completedByEvents({
      steps,
      facts: {
        lead: fact('2026-11-23T10:01:00Z', '/incident lead @bob'),
        scribe: fact('2026-11-23T10:07:00Z', '/incident scribe @eve'),
      },
      settings: BUILTIN,
    });
    expect(done.roles).toEqual({
      at: '2026-11-23T10:07:00Z',
      by: 'bob',
      via: '/incident lead @bob, /incident scribe @eve',
    });
  });

  it('ticked and recurring steps are left to their box and to status updates', () => {
    const steps = [
      step({ id: 'ticked', text: 'Take the lead', checked: true }),
      step({
        id: 'every',
        text: 'Post a status update with `/incident status`',
        deadline: { anchor: 'start', minMinutes: 30, maxMinutes: 30, everyMinutes: 30, variants: null },
      }),
    ];
    expect(
      completedByEvents({
        steps,
        facts: { lead: fact('2026-11-23T10:01:00Z', 'x'), status: fact('2026-11-23T10:01:00Z', 'y') },
        settings: BUILTIN,
      }),
    ).toEqual({});
  });
});

const T0 = '2026-11-23T10:00:00Z';
const BODY = [
  '- [ ] `immediately` Take the lead (`/incident lead @you`)',
  '- [ ] `immediately` Set the severity',
  '- [ ] `30 min` Post the first status update',
  '- [ ] `1 hr` Acknowledge the page',
  '- [ ] `4 hrs` Mitigate the impact',
  '- [ ] `12 hrs` Resolve the incident',
  '## After the incident',
  '- [ ] `2 days` Write the incident report',
  '- [ ] `5 days` Turn every action item into a follow-up issue',
].join('\n');
const issue = (over: Partial<IssueSnapshot> = {}): IssueSnapshot =>
  issueSnapshot({
    number: 1,
    id: 11,
    title: 'Down',
    body: BODY,
    htmlUrl: 'https://github.com/acme/shop/issues/1',
    ...over,
  });
const minutes = (n: number) => new Date(Date.parse(T0) + n * 60_000);

function evaluate(params: {
  issue?: IssueSnapshot;
  metadata?: IncidentMetadata;
  now: number;
  actor?: string;
  yaml?: string;
}) {
  const { now, ...rest } = params;
  return evaluateAt({ ...rest, issue: params.issue ?? issue(), settings: settings(params.yaml), now: minutes(now) });
}
const stateOf = (evaluation: ReturnType<typeof evaluate>, text: string) => {
  const index = evaluation.steps.findIndex((s) => s.text.startsWith(text));
  return {
    state: evaluation.status.steps[index]?.state,
    by: evaluation.doneBy[evaluation.steps[index]?.id ?? '']?.via,
  };
};

function runCommands(body: string, at: number, metadata = emptyMetadata(), author = 'bob') {
  const s = settings();
  const lines = parseCommands({ body, prefix: '/incident', levels: s.commands.levels });
  const createdAt = minutes(at).toISOString();
  return planCommandComment({
    comment: { id: 5, body, author, authorType: 'User', createdAt },
    lines,
    issue: { state: 'open', labels: ['incident'], assignees: [] },
    metadata,
    settings: s.commands,
    permission: 'write',
    steps: numberedSteps({ issue: issue(), rules: s.rules, commandSeverity: null }),
  }).metadata;
}

describe('steps done by events, end to end through the evaluation', () => {
  it('a lead and a severity by command; the status says which command, and nothing is overdue', () => {
    const metadata = runCommands('/incident lead @bob\n/incident severity high\n/incident status Looking', 1);
    const evaluation = evaluate({ metadata, now: 40 });
    expect(stateOf(evaluation, 'Take the lead')).toEqual({ state: 'done-on-time', by: '/incident lead @bob' });
    expect(stateOf(evaluation, 'Set the severity')).toEqual({ state: 'done-on-time', by: '/incident severity high' });
    expect(stateOf(evaluation, 'Post the first status update')).toEqual({
      state: 'done-on-time',
      by: '/incident status Looking',
    });
    expect(evaluation.warnings.due).toEqual([]);
  });

  it('a severity by label, credited to who added it; late is late', () => {
    const evaluation = evaluate({ issue: issue({ labels: ['incident', 'severity: high'] }), now: 9, actor: 'carol' });
    expect(stateOf(evaluation, 'Set the severity')).toEqual({ state: 'done-late', by: 'severity label (high)' });
    expect(evaluation.metadata.facts.severity?.by).toBe('carol');
  });

  it('acknowledged, mitigated and resolved by their labels and by closing', () => {
    const yaml = 'milestones:\n  acknowledged: { labels: [acked] }\n';
    const labelled = evaluate({ issue: issue({ labels: ['incident', 'acked', 'mitigated'] }), now: 20, yaml });
    expect(stateOf(labelled, 'Acknowledge the page').state).toBe('done-on-time');
    expect(stateOf(labelled, 'Mitigate the impact').state).toBe('done-on-time');
    const closed = evaluate({ issue: issue({ state: 'closed', closedAt: minutes(30).toISOString() }), now: 30 });
    expect(stateOf(closed, 'Resolve the incident')).toEqual({ state: 'done-on-time', by: 'issue closed' });
  });

  it('a follow-up issue and a report pull request complete the steps that ask for them', () => {
    const metadata: IncidentMetadata = {
      ...emptyMetadata(),
      followUps: { a: { repo: 'acme/shop', number: 7, title: 'Alert', state: 'open', subIssue: true, note: null } },
      report: { repo: 'acme/reports', number: 3, url: 'https://github.com/acme/reports/pull/3', resolvedAt: null },
    };
    const evaluation = evaluate({ metadata, now: 60 });
    expect(stateOf(evaluation, 'Turn every action item').by).toBe('follow-up acme/shop#7');
    expect(stateOf(evaluation, 'Write the incident report').by).toBe('report acme/reports#3');
  });

  it('the first event counts: a later command does not move the time', () => {
    const first = runCommands('/incident lead @bob', 1);
    const second = runCommands('/incident lead @eve', 20, first);
    expect(second.facts.lead).toEqual({ at: minutes(1).toISOString(), by: 'bob', via: '/incident lead @bob' });
  });
});

describe('the status-update cadence and a recurring status step are one reminder', () => {
  const every = (n: number) => ({
    anchor: 'start' as const,
    minMinutes: n,
    maxMinutes: n,
    everyMinutes: n,
    variants: null,
  });
  const rules = { statusEveryMinutes: { high: 20 }, doneWhen: BUILTIN };
  it("the configured cadence drives the checklist's own status step; no second row", () => {
    const steps = stepsWithCadence({
      steps: [step({ id: 'upd', text: 'Post a status update every 30 minutes', deadline: every(30) })],
      level: 'high',
      rules,
    });
    expect(steps.map((s) => [s.id, s.deadline?.everyMinutes])).toEqual([['upd', 20]]);
  });
  it('without such a step, the cadence is a step of its own', () => {
    const steps = stepsWithCadence({
      steps: [step({ id: 'x', text: 'Check the dashboards', deadline: every(30) })],
      level: 'high',
      rules,
    });
    expect(steps.map((s) => s.id)).toEqual(['x', 'status-update-cadence']);
  });
  it('recurring deadlines are held to a 5-minute floor', () => {
    const steps = stepsWithCadence({
      steps: [step({ id: 'x', text: 'Check', deadline: every(1 / 60) })],
      level: null,
      rules,
    });
    expect(steps[0]?.deadline?.everyMinutes).toBe(5);
  });
});
