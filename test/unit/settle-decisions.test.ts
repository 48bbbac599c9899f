import { describe, expect, it } from '@jest/globals';
import type { Intent, IntentOutcome } from '../../src/domain/incident/intents.js';
import type { Trigger } from '../../src/domain/incident/loaded-incident.js';
import { emptyMetadata, type IncidentMetadata } from '../../src/domain/incident/metadata.js';
import { completedSteps } from '../../src/plan/completed-steps.js';
import { planIncident, type PlanContext } from '../../src/plan/plan-incident.js';
import { commandReply, indexReplies, reportReply } from '../../src/plan/settle-replies.js';
import { settleReportWrite, settleWrites } from '../../src/plan/settle-writes.js';
import { sameMetadata, statusCommentWrite } from '../../src/plan/status-comment-write.js';
import {
  BOT,
  commandTrigger,
  commentRecord,
  loadedIncident,
  minutesAfter,
  settingsOf,
} from '../helpers/incident-builders.js';

/** Each decision of settle on its own (the whole pass is in plan.test.ts). */
const NOW = minutesAfter(3);

function contextOf(
  params: { trigger?: Trigger; metadata?: Partial<IncidentMetadata> | null; permission?: 'triage' } = {},
) {
  const plan = planIncident({
    loaded: loadedIncident(
      { permission: params.permission ?? null },
      params.metadata === undefined ? {} : params.metadata,
    ),
    trigger: params.trigger ?? { kind: 'wake' },
    settings: settingsOf(),
    now: NOW,
  });
  if (!plan.context) throw new Error('not an incident');
  return { plan, context: plan.context };
}

const ok: IntentOutcome = { ok: true };
const refused = (status: number, message = 'Forbidden'): IntentOutcome => ({ ok: false, status, message });

describe('commandReply: 👍 or one reply', () => {
  const lead = commentRecord(60, '/incident lead @carol');
  it.each<[string, string, IntentOutcome, string[]]>([
    ['every line worked: 👍', lead.body, ok, ['react']],
    ['an unassignable lead: 👍 and a note', lead.body, refused(422), ['react', 'reply']],
    ['a refused write: a reply', '/incident close', refused(403), ['reply']],
    ['an unknown verb: a reply', '/incident frobnicate', ok, ['reply']],
  ])('%s', (_name, body, outcome, kinds) => {
    const { plan, context } = contextOf({ trigger: commandTrigger({ ...lead, body }), permission: 'triage' });
    const outcomes = new Map(plan.intents.map((i) => [i, outcome]));
    expect(commandReply({ context, intents: plan.intents, outcomes }).map((i) => i.kind)).toEqual(kinds);
  });

  it('a reply already posted (found by its marker) is not posted again', () => {
    const body = '/incident frobnicate';
    const { plan, context } = contextOf({ trigger: commandTrigger({ ...lead, body }), permission: 'triage' });
    const posted = commentRecord(61, '<!-- incident-responder:reply {"comment":60} -->', BOT);
    const again = { ...context, loaded: { ...context.loaded, comments: [posted] } };
    expect(commandReply({ context: again, intents: plan.intents, outcomes: new Map() })).toEqual([]);
  });

  it('no command comment, no reply', () => {
    const { plan, context } = contextOf();
    expect(commandReply({ context, intents: plan.intents, outcomes: new Map() })).toEqual([]);
  });
});

describe("settleWrites: what the app's own writes mean", () => {
  const followUps: Intent = {
    kind: 'create-follow-ups',
    target: { owner: 'acme', repo: 'app' },
    items: [],
    labels: [],
    subIssues: true,
    origin: { kind: 'app' },
  };
  const label: Intent = { kind: 'add-label', label: 'severity: high', origin: { kind: 'app' } };
  const warning: Intent = { kind: 'post-warning', body: 'x', keys: ['s1#1'], origin: { kind: 'app' } };
  const record = { repo: 'acme/app', number: 12, title: 'Fix', state: 'open' as const, subIssue: true, note: null };
  it.each<[string, Intent, IntentOutcome, RegExp | null, Partial<IncidentMetadata>]>([
    [
      'follow-ups opened are recorded',
      followUps,
      { ok: true, followUps: { i1: record } },
      null,
      { followUps: { i1: record } },
    ],
    ['follow-ups refused: a problem', followUps, refused(403), /could not open follow-up issues in acme\/app/, {}],
    ['a refused label: a problem', label, refused(403), /could not add the label "severity: high"/, {}],
    [
      'a refused warning: a problem, and warned again next pass',
      warning,
      refused(500),
      /could not post an overdue warning/,
      { warned: {} },
    ],
  ])('%s', (_name, intent, outcome, problem, metadata) => {
    const before = { ...emptyMetadata(), warned: { 's1#1': 'x' } };
    const settled = settleWrites({
      intents: [intent],
      outcomes: new Map([[intent, outcome]]),
      metadata: before,
      stored: emptyMetadata(),
    });
    if (problem) expect(settled.problems.join('\n')).toMatch(problem);
    else expect(settled.problems).toEqual([]);
    expect(settled.metadata).toMatchObject(metadata);
  });
});

describe('settleReportWrite and the replies to /incident report and /incident stats', () => {
  it('no report this pass: nothing changes', () => {
    const { context } = contextOf();
    expect(settleReportWrite({ context, outcomes: new Map(), metadata: context.metadata })).toEqual({
      metadata: context.metadata,
      message: null,
    });
  });

  it.each<[string, boolean, string | null, number]>([
    ['asked, with a message: one reply', true, 'Done', 1],
    ['asked, no message: none', true, null, 0],
    ['not asked: none', false, 'Done', 0],
  ])('reportReply: %s', (_name, asked, message, replies) => {
    const trigger = commandTrigger(commentRecord(70, '/incident report'));
    const { context } = contextOf({ trigger, permission: 'triage' });
    const withAsk: PlanContext = {
      ...context,
      commands: context.commands && { ...context.commands, reportRequested: asked },
    };
    expect(reportReply({ context: withAsk, message })).toHaveLength(replies);
  });

  it.each<[string, IntentOutcome, number]>([
    ['a refresh done: its link', { ok: true, index: { url: 'https://x/pull/1' } as never }, 1],
    ['a refresh refused: in the command reply instead', refused(403), 0],
  ])('indexReplies: %s', (_name, outcome, replies) => {
    const trigger = commandTrigger(commentRecord(71, '/incident stats'));
    const { context } = contextOf({ trigger, permission: 'triage' });
    const refresh: Intent = {
      kind: 'refresh-index',
      decision: { ok: true } as never,
      origin: { kind: 'command', commentId: 71, line: 1, raw: '/incident stats' },
    };
    expect(indexReplies({ context, intents: [refresh], outcomes: new Map([[refresh, outcome]]) })).toHaveLength(
      replies,
    );
  });
});

describe('completedSteps: a follow-up or report completes steps', () => {
  it.each<[string, Partial<IncidentMetadata>, boolean]>([
    ['nothing new: the evaluation as planned', {}, false],
    [
      'a report opened: evaluated again',
      { report: { repo: 'acme/r', number: 1, url: 'u', resolvedAt: null } as never },
      true,
    ],
  ])('%s', (_name, over, again) => {
    const { context } = contextOf();
    const done = completedSteps({ context, metadata: { ...context.metadata, ...over } });
    expect(done.shown === context.evaluation).toBe(!again);
  });
});

describe('statusCommentWrite: written only when something changed', () => {
  it.each<[string, Partial<IncidentMetadata> | null, 'none' | 'write' | 'refresh']>([
    ['no status comment yet: written', null, 'write'],
  ])('%s', (_name, stored, expected) => {
    const { context } = contextOf({ metadata: stored });
    const write = statusCommentWrite({ context, shown: context.evaluation, metadata: context.metadata, problems: [] });
    const kind = write.intent?.kind === 'upsert-status' ? (write.intent.refresh ? 'refresh' : 'write') : 'none';
    expect(kind).toBe(expected);
  });

  it('the same view and record: no write; only warning bookkeeping changed: a refresh', () => {
    const first = contextOf({ metadata: null });
    const written = statusCommentWrite({
      context: first.context,
      shown: first.context.evaluation,
      metadata: first.context.metadata,
      problems: [],
    });
    const stored = { ...first.context.metadata, viewKey: written.viewKey };
    const same = {
      ...first.context,
      stored,
      loaded: { ...first.context.loaded, status: { id: 900, htmlUrl: 'u', updatedAt: 'x', metadata: stored } },
    };
    expect(
      statusCommentWrite({ context: same, shown: same.evaluation, metadata: stored, problems: [] }).intent,
    ).toBeNull();
    const bookkeeping = { ...stored, warningsPosted: [NOW.toISOString()] };
    const write = statusCommentWrite({
      context: same,
      shown: same.evaluation,
      metadata: bookkeeping,
      problems: [],
    }).intent;
    expect(write?.kind === 'upsert-status' && write.refresh).toBe(true);
  });

  it.each<[string, Partial<IncidentMetadata>, boolean]>([
    ['the view key is not part of the record', { viewKey: 'other' }, true],
    ['a summary is', { summary: 'x' }, false],
  ])('sameMetadata: %s', (_name, over, same) => {
    expect(sameMetadata(emptyMetadata(), { ...emptyMetadata(), ...over })).toBe(same);
  });
});
