import { describe, expect, it } from '@jest/globals';
import { evaluateAt, issueSnapshot } from '../helpers/incident-builders.js';
import { planCommandComment } from '../../src/domain/commands/apply.js';
import { parseCommands } from '../../src/domain/commands/parse.js';
import { evaluateIncident, numberedSteps, type IssueSnapshot } from '../../src/domain/incident/incident-state.js';
import { emptyMetadata, type IncidentMetadata } from '../../src/domain/incident/metadata.js';
import type { PermissionLevel } from '../../src/domain/incident/settings.js';
import { incidentSettingsOf } from '../../src/config/incident-settings.js';
import { parseConfigYaml } from '../../src/config/load.js';

const T0 = '2026-11-23T10:00:00Z';
const minutes = (n: number) => new Date(Date.parse(T0) + n * 60_000);
const BODY = [
  '- [ ] `15 min` Open a call for responders',
  '- [ ] `30 min` Tell support about the impact',
  '- [ ] `1 hr` Tell the status page team',
  '- [ ] `2 hrs` Check the backups',
].join('\n');
const issue: IssueSnapshot = issueSnapshot({
  number: 1,
  id: 11,
  title: 'Down',
  body: BODY,
  htmlUrl: 'https://github.com/acme/shop/issues/1',
});
const settings = incidentSettingsOf(parseConfigYaml(''));

function run(body: string, params: { at?: number; metadata?: IncidentMetadata; permission?: PermissionLevel } = {}) {
  const lines = parseCommands({ body, prefix: '/incident', levels: settings.commands.levels });
  return planCommandComment({
    comment: { id: 9, body, author: 'bob', authorType: 'User', createdAt: minutes(params.at ?? 1).toISOString() },
    lines,
    issue: { state: 'open', labels: ['incident'], assignees: [] },
    metadata: params.metadata ?? emptyMetadata(),
    settings: settings.commands,
    permission: params.permission ?? 'triage',
    steps: numberedSteps({ issue, rules: settings.rules, commandSeverity: null }),
  });
}
const evaluate = (metadata: IncidentMetadata, now: number) =>
  evaluateAt({ issue, settings, metadata, now: minutes(now) });
const problems = (outcome: ReturnType<typeof run>) =>
  outcome.problems.map((p) => (p.kind === 'usage' ? p.message.split('. Usage')[0] : p.kind));

describe('/incident skip STEP [reason]', () => {
  it.each<[string, string | null]>([
    ['/incident skip 1', null],
    ['/incident skip #1 we talk in the channel', 'we talk in the channel'],
    ['/incident skip call', null],
    ['/incident skip "open a call" no call for this one', 'no call for this one'],
  ])('%s', (line, reason) => {
    const outcome = run(line);
    expect(problems(outcome)).toEqual([]);
    const id = Object.keys(outcome.metadata.skipped)[0] ?? '';
    expect(outcome.metadata.skipped[id]).toEqual({ at: minutes(1).toISOString(), by: 'bob', reason });
    const evaluation = evaluate(outcome.metadata, 60);
    expect(evaluation.status.steps[0]?.state).toBe('skipped');
    // A skipped step never warns.
    expect(evaluation.warnings.due.map((s) => s.id)).not.toContain(id);
  });

  it.each<[string, string]>([
    ['/incident skip', 'the step is missing (its number in the status comment, or a piece of its text)'],
    ['/incident skip 7', 'there is no step 7 (the status comment numbers the steps 1 to 4)'],
    ['/incident skip tell', "2 steps contain that text (2, 3): use the step's number or more of its text, in quotes"],
    ['/incident skip "database"', "no step contains that text: use the step's number from the status comment"],
    ['/incident skip "open a call', 'the quoted step text has no closing quote'],
  ])('%s: %s', (line, message) => {
    const outcome = run(line);
    expect(problems(outcome)).toEqual([message]);
    expect(outcome.accepted).toBe(false);
    expect(outcome.metadata.skipped).toEqual({});
  });

  it('needs the same permission as every other command', () => {
    const outcome = run('/incident skip 1', { permission: 'read' });
    expect(outcome.problems).toEqual([{ kind: 'permission', author: 'bob', need: 'triage', have: 'read' }]);
    expect(outcome.metadata.skipped).toEqual({});
  });
});

describe('/incident snooze STEP DURATION', () => {
  it.each<[string, number]>([
    ['/incident snooze 1 30m', 30],
    ['/incident snooze 1 30 min', 30],
    ['/incident snooze open a call 1h', 60],
    ['/incident snooze "status page" 2h', 120],
  ])('%s', (line, length) => {
    const outcome = run(line);
    expect(problems(outcome)).toEqual([]);
    const [entry] = Object.values(outcome.metadata.snoozed);
    expect(entry).toEqual({ until: minutes(1 + length).toISOString(), by: 'bob', at: minutes(1).toISOString() });
  });

  it.each<[string, string]>([
    ['/incident snooze 1', 'the duration is missing, e.g. 30m or 2h'],
    ['/incident snooze 1 later please', 'the duration at the end is not a duration, e.g. 30m or 2h'],
    ['/incident snooze 1 30d', 'a snooze lasts at most 7 days (`skip` says a step does not apply)'],
    [
      '/incident snooze tell 30m',
      "2 steps contain that text (2, 3): use the step's number or more of its text, in quotes",
    ],
  ])('%s: %s', (line, message) => {
    expect(problems(run(line))).toEqual([message]);
  });

  it('no warning until the snooze ends; then the step warns again if it is still open', () => {
    // Warned at 15 min, snoozed at 16 min for 30 min.
    const warned = evaluate(emptyMetadata(), 15);
    expect(warned.warnings.due.map((s) => s.id)).toHaveLength(1);
    const snoozed = run('/incident snooze 1 30m', { at: 16, metadata: warned.metadata }).metadata;
    const during = evaluate(snoozed, 30);
    expect(during.status.steps[0]?.state).toBe('snoozed');
    const first = during.steps[0]?.id;
    expect(during.warnings.due.map((s) => s.id)).not.toContain(first);
    const after = evaluate(during.metadata, 46);
    expect(after.status.steps[0]?.state).toBe('overdue');
    expect(after.warnings.due.map((s) => s.id)).toContain(first);
  });

  it('wakes the app when the snooze ends', () => {
    const snoozed = run('/incident snooze 1 30m', { at: 16 }).metadata;
    // Every other step is done: the end of the snooze is the next thing to happen.
    const body = BODY.replace(/- \[ \] `(30 min|1 hr|2 hrs)`/g, '- [x] `$1`');
    const evaluation = evaluateIncident({
      issue: { ...issue, body },
      rules: settings.rules,
      metadata: snoozed,
      bodyFrom: null,
      opened: false,
      eventAt: minutes(20),
      now: minutes(20),
    });
    expect(evaluation.status.steps[0]?.state).toBe('snoozed');
    expect(evaluation.nextWakeAt?.toISOString()).toBe(minutes(46).toISOString());
  });

  it('needs the same permission as every other command', () => {
    expect(run('/incident snooze 1 30m', { permission: 'none' }).problems.map((p) => p.kind)).toEqual(['permission']);
  });
});
