import { describe, expect, it } from '@jest/globals';
import type { Intent, IntentOutcome } from '../../src/domain/incident/intents.js';
import type { Trigger } from '../../src/domain/incident/loaded-incident.js';
import { readMarker } from '../../src/domain/incident/markers.js';
import { emptyMetadata, parseMetadata, type IncidentMetadata } from '../../src/domain/incident/metadata.js';
import { completedSteps } from '../../src/plan/completed-steps.js';
import { planIncident, type PlanContext } from '../../src/plan/plan-incident.js';
import { settle } from '../../src/plan/settle.js';
import { commentReply } from '../../src/plan/settle-replies.js';
import { settleReportWrite, settleWrites } from '../../src/plan/settle-writes.js';
import { sameMetadata, statusCommentWrite } from '../../src/plan/status-comment-write.js';
import {
  BOT,
  commandTrigger,
  commentRecord,
  loadedIncident,
  minutesAfter,
  settingsOf,
  T0,
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

describe('commentReply: 👍 or one reply', () => {
  const lead = commentRecord(60, '/incident lead @carol');
  it.each<[string, string, IntentOutcome, string[]]>([
    ['every line worked: 👍', lead.body, ok, ['react']],
    ['an unassignable lead: 👍 and a note', lead.body, refused(422), ['react', 'reply']],
    ['a refused write: a reply', '/incident close', refused(403), ['reply']],
    ['an unknown verb: a reply', '/incident frobnicate', ok, ['reply']],
  ])('%s', (_name, body, outcome, kinds) => {
    const { plan, context } = contextOf({ trigger: commandTrigger({ ...lead, body }), permission: 'triage' });
    const outcomes = new Map(plan.intents.map((i) => [i, outcome]));
    expect(commentReply({ context, intents: plan.intents, outcomes, reportMessage: null }).map((i) => i.kind)).toEqual(
      kinds,
    );
  });

  // An earlier version answered `report` and `stats` under keys of their own: those count too.
  it.each(['60', '"report-60"', '"index-60"'])('a reply already posted (marker key %s) is not posted again', (key) => {
    const body = '/incident frobnicate';
    const { plan, context } = contextOf({ trigger: commandTrigger({ ...lead, body }), permission: 'triage' });
    const posted = commentRecord(61, `<!-- incident-responder:reply {"comment":${key}} -->`, BOT);
    const again = { ...context, loaded: { ...context.loaded, comments: [posted] } };
    expect(commentReply({ context: again, intents: plan.intents, outcomes: new Map(), reportMessage: null })).toEqual(
      [],
    );
  });

  it("another comment's reply, or one not written by the app, does not count", () => {
    const body = '/incident frobnicate';
    const { plan, context } = contextOf({ trigger: commandTrigger({ ...lead, body }), permission: 'triage' });
    const other = commentRecord(61, '<!-- incident-responder:reply {"comment":"index-59"} -->', BOT);
    const forged = commentRecord(62, '<!-- incident-responder:reply {"comment":60} -->', 'mallory');
    const seen = { ...context, loaded: { ...context.loaded, comments: [other, forged] } };
    const kinds = commentReply({ context: seen, intents: plan.intents, outcomes: new Map(), reportMessage: null });
    expect(kinds.map((i) => i.kind)).toEqual(['reply']);
  });

  it('no command comment, no reply', () => {
    const { plan, context } = contextOf();
    expect(commentReply({ context, intents: plan.intents, outcomes: new Map(), reportMessage: null })).toEqual([]);
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

describe('settleReportWrite, and /incident report and /incident stats answered in the one reply', () => {
  it('no report this pass: nothing changes', () => {
    const { context } = contextOf();
    expect(settleReportWrite({ context, outcomes: new Map(), metadata: context.metadata })).toEqual({
      metadata: context.metadata,
      message: null,
    });
  });

  const refresh: Intent = {
    kind: 'refresh-index',
    decision: { ok: true } as never,
    origin: { kind: 'command', commentId: 71, line: 1, raw: '/incident stats' },
  };
  const opened = {
    change: 'opened',
    repo: 'acme/r',
    pull: { number: 4, url: 'https://x/pull/4' },
    reports: 2,
    skipped: 0,
  };
  const replyOf = (intents: Intent[]) =>
    intents.filter((i) => i.kind === 'reply').map((i) => (i as { body: string }).body);
  it.each<[string, string, boolean, string | null, IntentOutcome | null, RegExp[]]>([
    ['report asked, with a message: in the reply', '/incident report', true, 'Done', null, [/Done/]],
    ['report asked, no message: no reply', '/incident report', true, null, null, []],
    ['report not asked: no reply', '/incident note x', false, 'Done', null, []],
    ['a refresh done: its link', '/incident stats', false, null, { ok: true, index: opened as never }, [/pull\/4/]],
    [
      'a refresh refused: a problem in the same reply',
      '/incident stats',
      false,
      null,
      refused(403),
      [/could not be applied: GitHub answered 403/],
    ],
    [
      'report, stats and a usage error: one reply with all three',
      '/incident report\n/incident stats\n/incident frobnicate',
      true,
      'The report is in a pull request',
      { ok: true, index: opened as never },
      [/frobnicate/, /The report is in a pull request/, /pull\/4/],
    ],
  ])('%s', (_name, body, asked, message, indexOutcome, texts) => {
    const trigger = commandTrigger(commentRecord(71, body));
    const { context } = contextOf({ trigger, permission: 'triage' });
    const withAsk: PlanContext = {
      ...context,
      commands: context.commands && { ...context.commands, reportRequested: asked },
    };
    const intents = indexOutcome ? [refresh] : [];
    const outcomes = new Map(indexOutcome ? [[refresh, indexOutcome]] : []);
    const bodies = replyOf(commentReply({ context: withAsk, intents, outcomes, reportMessage: message }));
    expect(bodies).toHaveLength(texts.length > 0 ? 1 : 0);
    for (const text of texts) expect(bodies[0]).toMatch(text);
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

/*
 * A process alone keeps the metadata settle returned as what its status comment holds (run-incident.ts,
 * rememberStatus) instead of parsing the marker it just wrote back: the two must be the same record.
 */
describe('settle: the metadata returned is what the status comment holds', () => {
  const commands = [
    '/incident lead @carol',
    '/incident summary Checkout fails for EU cards',
    '/incident status Rolled back; watching the error rate',
    '/incident severity high',
    '/incident snooze 1 30m',
    '/incident skip 2 not applicable here',
    '/incident mitigated',
    '/incident note the CDN purge took 4 minutes',
  ];
  it.each<[string, Trigger, Partial<IncidentMetadata> | null]>([
    ['a first pass (no status comment yet)', { kind: 'wake' }, null],
    ['a wake on a known incident', { kind: 'wake' }, { summary: 'x', checkedAt: { a: T0 } }],
    ...commands.map((body, i): [string, Trigger, Partial<IncidentMetadata>] => [
      body,
      commandTrigger(commentRecord(60 + i, body)),
      { roles: { lead: 'alice', scribe: null, comms: null } } as Partial<IncidentMetadata>,
    ]),
  ])('%s', (_name, trigger, metadata) => {
    const { plan } = contextOf({ trigger, metadata, permission: 'triage' });
    const settled = settle({ plan, outcomes: new Map(plan.intents.map((i) => [i, ok])) });
    const upsert = settled.intents.find((i) => i.kind === 'upsert-status');
    if (upsert?.kind !== 'upsert-status') throw new Error('no status write');
    expect(parseMetadata(readMarker(upsert.body, 'status')?.data ?? null)).toEqual(settled.metadata);
  });
});
