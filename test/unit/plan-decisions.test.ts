import { describe, expect, it } from '@jest/globals';
import type { Intent } from '../../src/domain/incident/intents.js';
import type { LoadedIncident, PlanNeeds } from '../../src/domain/incident/loaded-incident.js';
import type { Trigger } from '../../src/domain/incident/trigger.js';
import { emptyMetadata, type IncidentMetadata } from '../../src/domain/incident/metadata.js';
import type { PermissionLevel } from '../../src/domain/incident/settings.js';
import { commentDigest } from '../../src/plan/accepted-commands.js';
import { bodyAuthority } from '../../src/plan/body-authority.js';
import { crossRepoAsker, crossRepoVerdict, type CrossRepoVerdict } from '../../src/plan/cross-repo-verdict.js';
import { decideCommands, issueAfter } from '../../src/plan/decide-commands.js';
import { decideFollowUps, followUpChanged } from '../../src/plan/decide-follow-ups.js';
import { decideReads } from '../../src/plan/decide-reads.js';
import { decideReport, withIndexConsent, type ReportOutcome } from '../../src/plan/decide-report.js';
import { decideWarning } from '../../src/plan/decide-warning.js';
import { evaluateTrigger } from '../../src/plan/evaluate-trigger.js';
import { incidentView } from '../../src/domain/incident/incident-view.js';
import { nextWake } from '../../src/plan/next-wake.js';
import type { ReportDecision } from '../../src/plan/plan-report.js';
import { recallRecord } from '../../src/plan/recall-record.js';
import { severityLabel } from '../../src/plan/severity-label.js';
import {
  BOT,
  T0,
  commandTrigger,
  commentRecord,
  consentOf,
  evaluateAt,
  issueSnapshot,
  loadedIncident,
  minutesAfter,
  settingsOf,
} from '../helpers/incident-builders.js';

/** Each decision of planIncident on its own (the whole pass is in plan.test.ts). */
const overdueComment = (id: number, keys: string[], at: string) =>
  commentRecord(id, `<!-- incident-responder:overdue ${JSON.stringify({ keys })} -->\nOverdue`, BOT, at);

describe('recallRecord: what the app remembers', () => {
  const status = (viewKey: string | null): LoadedIncident['status'] => ({
    id: 900,
    htmlUrl: 'u#900',
    updatedAt: T0,
    metadata: { ...emptyMetadata(), viewKey, summary: 'from the status comment' },
  });
  const accepted = commentRecord(31, '/incident summary replayed');
  it.each<[string, LoadedIncident['status'], string | null]>([
    ['a readable status comment is the record', status('v1'), 'from the status comment'],
    ['an unreadable one is rebuilt from the accepted comments', status(null), 'replayed'],
    ['a missing one likewise', null, 'replayed'],
  ])('%s', (_name, statusComment, summary) => {
    const loaded = loadedIncident({ status: statusComment, comments: [accepted], acceptedByReaction: new Set([31]) });
    const { stored } = recallRecord({ loaded, settings: settingsOf(), commentId: undefined });
    expect(stored.summary).toBe(summary);
  });

  it('the trigger comment is not replayed: this pass runs it', () => {
    const loaded = loadedIncident({ comments: [accepted], acceptedByReaction: new Set([31]) }, null);
    expect(recallRecord({ loaded, settings: settingsOf(), commentId: 31 }).stored.summary).toBeNull();
  });

  it.each<[string, IncidentMetadata['snoozed'], Record<string, string>]>([
    ['a posted warning counts as warned', {}, { 's1#1': '2026-11-23T10:05:00Z' }],
    [
      'one posted before the step was snoozed does not',
      { s1: { at: '2026-11-23T10:06:00Z', until: null } } as never,
      {},
    ],
  ])('%s', (_name, snoozed, warned) => {
    const loaded = loadedIncident(
      { comments: [overdueComment(40, ['s1#1'], '2026-11-23T10:05:00Z')] },
      { snoozed, viewKey: 'v1' },
    );
    expect(recallRecord({ loaded, settings: settingsOf(), commentId: undefined }).metadata.warned).toEqual(warned);
  });
});

describe('decideCommands: the trigger comment, run once', () => {
  const comment = commentRecord(50, '/incident summary Search is down');
  it.each<[string, Partial<LoadedIncident>, Partial<IncidentMetadata>, string | null]>([
    ['a command from a person runs', {}, {}, 'Search is down'],
    ['from the app itself it does not', { botLogin: 'bob' }, {}, null],
    [
      'a redelivered comment (same digest) is not run twice',
      {},
      { accepted: { '50': commentDigest(comment.body) } },
      null,
    ],
  ])('%s', (_name, over, stored, summary) => {
    const loaded = loadedIncident({ permission: 'triage', ...over });
    const ran = decideCommands({
      loaded,
      trigger: commandTrigger(comment),
      settings: settingsOf(),
      metadata: { ...emptyMetadata(), ...stored },
    });
    expect(ran.metadata.summary).toBe(summary);
    expect(ran.commands === null).toBe(summary === null);
  });

  it('a bot comment is not a command', () => {
    const trigger: Trigger = {
      kind: 'comment',
      at: new Date(comment.createdAt),
      comment: { id: 50, body: comment.body, author: 'bob', authorType: 'Bot', createdAt: comment.createdAt },
    };
    const ran = decideCommands({
      loaded: loadedIncident(),
      trigger,
      settings: settingsOf(),
      metadata: emptyMetadata(),
    });
    expect(ran.commands).toBeNull();
  });

  it.each<[string, 'open' | 'closed', string | null]>([
    ['closing records when', 'closed', '2026-11-23T10:09:00Z'],
    ['staying open keeps no close time', 'open', null],
  ])('issueAfter: %s', (_name, state, closedAt) => {
    const after = issueAfter(
      issueSnapshot(),
      { state, labels: ['incident', 'x'], assignees: ['bob'] },
      '2026-11-23T10:09:00Z',
    );
    expect(after).toMatchObject({ state, labels: ['incident', 'x'], assignees: ['bob'], closedAt });
  });
});

describe('followUpChanged: a follow-up closed or reopened', () => {
  const record = {
    repo: 'acme/app',
    number: 12,
    title: 'Fix',
    url: null,
    state: 'open' as const,
    subIssue: true,
    note: null,
  };
  it.each<[string, string, 'open' | 'closed' | undefined]>([
    ['a known item follows', 'i1', 'closed'],
    ['an unknown item is ignored', 'other', 'open'],
  ])('%s', (_name, item, state) => {
    const metadata: IncidentMetadata = { ...emptyMetadata(), followUps: { i1: record } };
    expect(
      followUpChanged(metadata, { kind: 'follow-up', followUp: { item, state: 'closed' } }).followUps.i1?.state,
    ).toBe(state);
  });
});

describe('crossRepoVerdict: writes into another repository', () => {
  const verdict = (target: string, over: Partial<LoadedIncident> = {}) =>
    crossRepoVerdict({
      target,
      kind: 'report',
      what: 'The report',
      loaded: loadedIncident(over),
      settings: settingsOf(),
      serverRules: [],
    });
  it.each<[string, string, Partial<LoadedIncident>, 'ok' | 'refused' | 'unknown', RegExp | null]>([
    ['the same repository always', 'Acme/App', {}, 'ok', null],
    ['a consenting private one', 'acme/incident-reports', {}, 'ok', null],
    ['one not read yet is unknown', 'acme/other', {}, 'unknown', null],
    [
      'one the app cannot see',
      'acme/incident-reports',
      { targets: { 'acme/incident-reports': { consent: consentOf(['acme/*']), visibility: null } } },
      'refused',
      /not found, or the app is not installed/,
    ],
    [
      'one without consent',
      'acme/incident-reports',
      { targets: { 'acme/incident-reports': { consent: consentOf(['other/*']), visibility: 'private' } } },
      'refused',
      /.+/,
    ],
    [
      'a more public one',
      'acme/incident-reports',
      { targets: { 'acme/incident-reports': { consent: consentOf(['acme/*']), visibility: 'public' } } },
      'refused',
      /public/,
    ],
  ])('%s', (_name, target, over, expected, reason) => {
    const v = verdict(target, over);
    expect(v === null ? 'unknown' : v.ok ? 'ok' : 'refused').toBe(expected);
    if (reason && v && !v.ok) expect(v.reason).toMatch(reason);
  });

  it('the asker collects unknown repositories once, in the order asked', () => {
    const asker = crossRepoAsker({ loaded: loadedIncident(), settings: settingsOf(), serverRules: [] });
    for (const t of ['acme/b', 'acme/incident-reports', 'acme/a', 'acme/b']) asker.ask(t, 'follow-up', 'x');
    expect(asker.unknown).toEqual(['acme/b', 'acme/a']);
  });
});

describe('bodyAuthority', () => {
  it.each<[string, 'User' | 'Bot', PermissionLevel | undefined, PermissionLevel | undefined]>([
    ['a person: their permission', 'User', 'read', 'read'],
    ['a person not read yet', 'User', undefined, undefined],
    ['an integration: the triage it opened the issue with', 'Bot', undefined, 'triage'],
  ])('%s', (_name, authorType, permission, expected) => {
    const loaded = loadedIncident({ issue: issueSnapshot({ authorType }), authorPermission: permission });
    expect(bodyAuthority(loaded)).toBe(expected);
  });
});

describe('decideFollowUps: action items become issues', () => {
  const body = '## Steps\n- [ ] Take the lead `5 min`\n\n## Action items\n\n- [ ] Add an alert on queue depth\n';
  const now = minutesAfter(10);
  const decide = (params: {
    permission?: PermissionLevel;
    settled?: boolean;
    verdict?: CrossRepoVerdict;
    repo?: string;
  }) => {
    const settings = settingsOf(params.repo ? { follow_ups: { repo: params.repo } } : null);
    const issue = issueSnapshot({ body });
    const evaluation = evaluateAt({ issue, settings, now });
    const id = evaluation.incident.actionItems[0]?.id ?? '';
    const since = params.settled === false ? now.toISOString() : T0;
    const asked: string[] = [];
    const decision = decideFollowUps({
      loaded: loadedIncident({ issue, authorPermission: params.permission }),
      settings,
      evaluation,
      commands: null,
      metadata: { ...emptyMetadata(), pendingItems: { [id]: { text: 'Add an alert on queue depth', since } } },
      now,
      crossRepo: (target) => {
        asked.push(target);
        return params.verdict === undefined ? { ok: true, settings: settings.ownWrite } : params.verdict;
      },
    });
    return { decision, asked, id };
  };
  it.each<
    [string, Parameters<typeof decide>[0], { creates: boolean; waits: boolean; needs: boolean; notice: RegExp | null }]
  >([
    [
      'settled, with write permission: opened',
      { permission: 'write' },
      { creates: true, waits: false, needs: false, notice: null },
    ],
    [
      'not settled yet: waits, no notice',
      { permission: 'write', settled: false },
      { creates: false, waits: true, needs: false, notice: null },
    ],
    [
      'the author has read permission: waits, and says why',
      { permission: 'read' },
      { creates: false, waits: true, needs: false, notice: /opened this incident with read permission/ },
    ],
    [
      "the author's permission not read yet: asked for",
      { permission: undefined },
      { creates: true, waits: false, needs: true, notice: null },
    ],
    [
      'the target refuses: waits, with its reason',
      { permission: 'write', repo: 'acme/tracker', verdict: { ok: false, reason: 'No consent' } },
      { creates: false, waits: true, needs: false, notice: /No consent/ },
    ],
    [
      'the target unknown yet: waits quietly',
      { permission: 'write', repo: 'acme/tracker', verdict: null },
      { creates: false, waits: true, needs: false, notice: null },
    ],
  ])('%s', (_name, params, expected) => {
    const { decision, id } = decide(params);
    expect(decision.intents.some((i) => i.kind === 'create-follow-ups')).toBe(expected.creates);
    expect(decision.metadata.pendingItems[id] !== undefined).toBe(expected.waits);
    expect(decision.needsAuthorPermission).toBe(expected.needs);
    if (expected.notice) expect(decision.notices.join('\n')).toMatch(expected.notice);
    else expect(decision.notices).toEqual([]);
  });

  it('asks for the configured repository only when there is something to open', () => {
    expect(decide({ permission: 'write', repo: 'acme/tracker' }).asked).toEqual(['acme/tracker']);
    expect(decide({ permission: 'write', repo: 'acme/tracker', settled: false }).asked).toEqual([]);
  });
});

describe('decideReport: due once per resolution, and whose permission', () => {
  const resolved = issueSnapshot({ state: 'closed', closedAt: '2026-11-23T11:00:00Z' });
  const decide = (params: { permission?: PermissionLevel; requested?: boolean; verdict?: CrossRepoVerdict }) => {
    const settings = settingsOf({ reports: { repo: 'acme/incident-reports' } });
    const now = minutesAfter(70);
    const evaluation = evaluateAt({ issue: resolved, settings, now });
    return decideReport({
      loaded: loadedIncident({ issue: resolved, authorPermission: params.permission }),
      settings,
      issue: resolved,
      evaluation,
      view: incidentView({ issue: resolved, evaluation }),
      metadata: evaluation.metadata,
      commands: params.requested ? ({ reportRequested: true } as never) : null,
      reportInputs: null,
      crossRepo: () => (params.verdict === undefined ? { ok: true, settings: settings.ownWrite } : params.verdict),
    });
  };
  it.each<[string, Parameters<typeof decide>[0], ReportDecision['kind'], boolean]>([
    ['due, author may: its inputs are read first', { permission: 'write' }, 'needs-inputs', false],
    ["the author's permission not read yet", { permission: undefined }, 'needs-inputs', true],
    ['the author may not: settled with a message', { permission: 'read' }, 'settled', false],
    ['`/incident report` was checked by its commenter', { permission: 'read', requested: true }, 'needs-inputs', false],
    [
      'the reports repository refuses',
      { permission: 'write', verdict: { ok: false, reason: 'No consent' } },
      'settled',
      false,
    ],
  ])('%s', (_name, params, kind, needs) => {
    const outcome = decide(params);
    expect(outcome.report.kind).toBe(kind);
    expect(outcome.needsAuthorPermission).toBe(needs);
  });

  it("the refresh of the index follows the reports repository's consent", () => {
    const refresh: Intent = { kind: 'refresh-index', decision: { ok: true } as never, origin: { kind: 'app' } };
    const refused = withIndexConsent([refresh], { ok: false, reason: 'No consent' })[0];
    expect(refused?.kind === 'refresh-index' && refused.decision).toEqual({ ok: false, reason: 'No consent' });
    expect(withIndexConsent([refresh], null)[0]).toBe(refresh);
  });
});

describe('decideReads: what to read before deciding', () => {
  const outcome = (kind: ReportDecision['kind'], verdict: CrossRepoVerdict = null): ReportOutcome => {
    const report = { kind } as ReportDecision;
    return { report, planned: report, verdict, needsAuthorPermission: false };
  };
  const reads = (over: Partial<Parameters<typeof decideReads>[0]> & { scope?: LoadedIncident['commentScope'] }) =>
    decideReads({
      loaded: loadedIncident({ commentScope: over.scope ?? 'all' }),
      settings: settingsOf({ reports: { repo: 'acme/incident-reports' } }),
      targets: [],
      needsAuthorPermission: false,
      report: outcome('none'),
      refreshesIndex: false,
      warningsDue: false,
      ...over,
    });
  it.each<[string, Parameters<typeof reads>[0], PlanNeeds | null]>([
    ['nothing to read', {}, null],
    [
      'report inputs, with every comment',
      { report: outcome('needs-inputs'), scope: 'none' },
      { reportInputs: true, authorPermission: false, targets: [], comments: 'all' },
    ],
    [
      'warnings due, comments since the last write',
      { warningsDue: true, scope: 'none' },
      { reportInputs: false, authorPermission: false, targets: [], comments: 'recent' },
    ],
    ['warnings due, recent comments read already', { warningsDue: true, scope: 'recent' }, null],
    [
      'an unknown follow-up repository',
      { targets: ['acme/tracker'] },
      { reportInputs: false, authorPermission: false, targets: ['acme/tracker'], comments: null },
    ],
    ['the reports repository, unasked when nothing is written there', { targets: ['acme/incident-reports'] }, null],
    [
      'the reports repository, asked for an index refresh',
      { targets: ['acme/incident-reports'], refreshesIndex: true },
      { reportInputs: false, authorPermission: false, targets: ['acme/incident-reports'], comments: null },
    ],
    [
      "the author's permission",
      { needsAuthorPermission: true },
      { reportInputs: false, authorPermission: true, targets: [], comments: null },
    ],
  ])('%s', (_name, over, expected) => {
    expect(reads(over)).toEqual(expected);
  });
});

describe('severityLabel and evaluateTrigger', () => {
  it.each<[string, string, string | null]>([
    ['a body severity gets its label', '**Severity:** High\n- [ ] x\n', 'severity: high'],
    ['no severity, no label', '- [ ] x\n', null],
  ])('%s', (_name, body, label) => {
    const settings = settingsOf();
    const evaluation = evaluateAt({ issue: issueSnapshot({ body }), settings, now: minutesAfter(1) });
    const intent = severityLabel({ evaluation, settings });
    expect(intent?.kind === 'add-label' ? intent.label : null).toBe(label);
  });

  it.each<[string, string | undefined, string[]]>([
    ['a tick is credited to the sender', 'carol', ['carol']],
    ['without a sender, to no one', undefined, []],
  ])('evaluateTrigger: %s', (_name, actor, by) => {
    const settings = settingsOf();
    const issue = issueSnapshot({ body: '- [x] Take the lead `5 min`\n' });
    const trigger: Trigger = {
      kind: 'issue',
      actor,
      bodyFrom: '- [ ] Take the lead `5 min`\n',
      opened: false,
      earlierEdits: [],
    };
    const evaluation = evaluateTrigger({ trigger, settings, issue, metadata: emptyMetadata(), now: minutesAfter(2) });
    expect(Object.values(evaluation.metadata.tickedBy)).toEqual(by);
  });
});

describe('decideWarning: one voice', () => {
  const settings = settingsOf();
  const issue = issueSnapshot({ body: '- [ ] Take the lead `5 min`\n' });
  const warn = (metadata: Partial<IncidentMetadata>, nowMinutes = 10) => {
    const now = minutesAfter(nowMinutes);
    const evaluation = evaluateAt({ issue, settings, now });
    const full = { ...emptyMetadata(), ...metadata };
    return decideWarning({
      loaded: loadedIncident({ issue }),
      settings,
      issue,
      evaluation,
      stored: full,
      metadata: full,
      now,
    });
  };
  it.each<[string, Partial<IncidentMetadata>, boolean]>([
    ['an overdue step is warned', {}, true],
    [
      "the hour's warnings used up: folded",
      {
        warningsPosted: [
          '2026-11-23T09:55:00Z',
          '2026-11-23T09:56:00Z',
          '2026-11-23T09:57:00Z',
          '2026-11-23T09:58:00Z',
          '2026-11-23T09:59:00Z',
          '2026-11-23T10:01:00Z',
        ],
      },
      false,
    ],
  ])('%s', (_name, metadata, posted) => {
    const decision = warn(metadata);
    expect(decision.intent?.kind === 'post-warning').toBe(posted);
    if (posted) expect(decision.metadata.warningsPosted).toContain(minutesAfter(10).toISOString());
  });

  it('a fold that has ended is cleared', () => {
    expect(warn({ foldedUntil: '2026-11-23T10:01:00Z' }, 2).metadata.foldedUntil).toBeNull();
  });
});

describe('nextWake', () => {
  const d = (m: number) => minutesAfter(m);
  it.each<[string, Date | null, Date | null, string | null, Date | null]>([
    ['nothing', null, null, null, null],
    ['the earlier of deadline and follow-ups', d(30), d(5), null, d(5)],
    ['a fold ending sooner', d(30), null, d(10).toISOString(), d(10)],
    ['a fold ending later does not matter', d(3), null, d(10).toISOString(), d(3)],
    ['a fold alone', null, null, d(10).toISOString(), d(10)],
  ])('%s', (_name, deadline, followUps, foldedUntil, expected) => {
    expect(nextWake({ deadline, followUps, foldedUntil })).toEqual(expected);
  });
});
