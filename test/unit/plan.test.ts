import { describe, expect, it } from '@jest/globals';
import {
  commandTrigger,
  commentRecord,
  consentOf,
  issueSnapshot,
  loadedIncident,
  settingsOf,
} from '../helpers/incident-builders.js';
import { incidentView, isIncident, mentionFor, fieldText } from '../../src/domain/incident/incident-view.js';
import type { Intent, IntentOutcome } from '../../src/domain/incident/intents.js';
import type { LoadedIncident, ReportInputs, Trigger } from '../../src/domain/incident/loaded-incident.js';
import type { IncidentMetadata } from '../../src/domain/incident/metadata.js';
import type { TargetConsent } from '../../src/domain/trust/cross-repo-consent.js';
import type { IssueSnapshot } from '../../src/domain/incident/incident-state.js';
import type { PermissionLevel } from '../../src/domain/incident/settings.js';
import { commentDigest, planIncident } from '../../src/plan/plan-incident.js';
import { settle } from '../../src/plan/settle.js';

/**
 * The decisions of one pass, without GitHub: incident-ness, mentions, field fallbacks, severity sync,
 * commands and permissions, follow-up settling, report triggers and visibility refusals.
 */
const NOW = new Date('2026-11-23T10:03:00Z');
const issue = issueSnapshot;
const settingsFor = (config: Record<string, unknown> | null = null) => settingsOf(config);
const loaded = loadedIncident;
const commentOf = commentRecord;

/** Plan, then settle as if every write worked (or as `outcome` says for an intent kind). */
function pass(params: {
  loaded: LoadedIncident;
  trigger?: Trigger;
  config?: Record<string, unknown> | null;
  reportInputs?: ReportInputs;
  now?: Date;
  outcome?: (intent: Intent) => IntentOutcome;
}) {
  const settings = settingsFor(params.config ?? null);
  const plan = planIncident({
    loaded: params.loaded,
    trigger: params.trigger ?? { kind: 'wake' },
    settings,
    now: params.now ?? NOW,
    reportInputs: params.reportInputs ?? null,
  });
  const outcomes = new Map(plan.intents.map((i) => [i, params.outcome?.(i) ?? ({ ok: true } as IntentOutcome)]));
  const settled = plan.context ? settle({ plan, outcomes }) : null;
  const kinds = [...plan.intents, ...(settled?.intents ?? [])].map((i) => i.kind);
  return { plan, settled, kinds, all: [...plan.intents, ...(settled?.intents ?? [])] };
}

describe('which issues are incidents', () => {
  it.each<[string[], string[], boolean]>([
    [['incident'], ['incident'], true],
    [['Incident'], ['incident'], true],
    [['bug'], ['incident'], false],
    [[], ['incident'], false],
    [['sev', 'outage'], ['outage', 'incident'], true],
  ])('labels %j with incident labels %j -> %s', (labels, wanted, expected) => {
    expect(isIncident({ labels }, wanted)).toBe(expected);
  });

  it('a pass over a non-incident writes nothing and is not tracked', () => {
    const { plan, kinds } = pass({ loaded: loaded({ issue: issue({ labels: ['bug'] }) }) });
    expect(plan.tracked).toBe(false);
    expect(kinds).toEqual([]);
  });
});

describe('who a warning mentions', () => {
  it.each<['lead' | 'assignees' | 'author' | 'none', string | null, string[], string[]]>([
    ['lead', 'carol', ['dave'], ['carol']],
    ['lead', null, ['dave', 'erin'], ['dave', 'erin']],
    ['lead', null, [], ['alice']],
    ['assignees', 'carol', ['dave'], ['dave']],
    ['assignees', 'carol', [], ['alice']],
    ['author', 'carol', ['dave'], ['alice']],
    ['none', 'carol', ['dave'], []],
  ])('mode %s, lead %s, assignees %j -> %j', (mode, lead, assignees, expected) => {
    expect(mentionFor({ issue: { assignees, author: 'alice' }, mode, lead })).toEqual(expected);
  });
});

describe('summary and impact: the command, else the field, never a placeholder', () => {
  it.each<[Record<string, string>, string | null]>([
    [{ Summary: 'Checkout fails' }, 'Checkout fails'],
    [{ summary: '  trimmed  ' }, 'trimmed'],
    [{ Summary: '_One sentence: what is broken_' }, null],
    [{ Summary: '*describe*' }, null],
    [{ Summary: '' }, null],
    [{ Other: 'x' }, null],
  ])('fields %j -> %j', (fields, expected) => {
    expect(fieldText(fields, /^summary$/i)).toBe(expected);
  });

  it('a /incident summary wins over the form field, in the status comment and the view alike', () => {
    const body = '### Summary\n\nFrom the form\n\n### Impact\n\nAll EU users\n';
    const { plan } = pass({ loaded: loaded({ issue: issue({ body }) }, { summary: 'From the command' }) });
    expect(plan.context?.view.summary).toBe('From the command');
    expect(plan.context?.view.impact).toBe('All EU users');
  });

  it('the impact start is the body field when it differs from the opening time, else null', () => {
    const body = '**Impact started:** 2026-11-23 09:40 UTC\n- [ ] x\n';
    const view = (b: string) => pass({ loaded: loaded({ issue: issue({ body: b }) }) }).plan.context?.view;
    expect(view(body)?.impactStart).toBe('2026-11-23T09:40:00.000Z');
    expect(view('- [ ] x\n')?.impactStart).toBeNull();
    const state = planIncident({
      loaded: loaded({ issue: issue({ body }) }),
      trigger: { kind: 'wake' },
      settings: settingsFor(),
      now: NOW,
    }).context;
    expect(state && incidentView({ issue: issue({ body }), evaluation: state.evaluation }).impactStart).toBe(
      '2026-11-23T09:40:00.000Z',
    );
  });
});

describe('severity labels follow the severity', () => {
  it.each<[string, string[], string[]]>([
    ['a body severity gets its label', ['incident'], ['add-label:severity: high']],
    ['a label already there: nothing to add', ['incident', 'severity: high'], []],
  ])('%s', (_name, labels, expected) => {
    const { all } = pass({ loaded: loaded({ issue: issue({ labels }) }) });
    expect(
      all
        .filter((i) => i.kind === 'add-label' || i.kind === 'remove-label')
        .map((i) => `${i.kind}:${(i as { label: string }).label}`),
    ).toEqual(expected);
  });

  it("/incident severity moves the label: the other level's label goes, the new one comes", () => {
    const c = commentOf(11, '/incident severity low');
    const { all } = pass({
      loaded: loaded({ issue: issue({ labels: ['incident', 'severity: high'] }), comments: [c], permission: 'write' }),
      trigger: commandTrigger(c),
    });
    expect(
      all
        .filter((i) => i.kind === 'add-label' || i.kind === 'remove-label')
        .map((i) => `${i.kind}:${(i as { label: string }).label}`),
    ).toEqual(['remove-label:severity: high', 'add-label:severity: low']);
    expect(all.map((i) => i.kind)).toContain('react');
  });
});

describe('commands: permission, redelivery, order of delivery', () => {
  it.each<[PermissionLevel, string[]]>([
    ['read', ['reply', 'upsert-status']],
    ['none', ['reply', 'upsert-status']],
    ['triage', ['assign', 'react', 'upsert-status']],
    ['admin', ['assign', 'react', 'upsert-status']],
  ])('a %s user runs /incident lead -> %j', (permission, expected) => {
    const c = commentOf(12, '/incident lead @carol');
    const { kinds } = pass({
      loaded: loaded({ comments: [c], permission }),
      trigger: commandTrigger(c),
      config: { commands: { permission: 'triage' } },
    });
    expect(kinds.filter((k) => k !== 'add-label')).toEqual(expected);
  });

  it('a comment already accepted (a redelivery after a restart) runs nothing again', () => {
    const c = commentOf(13, '/incident lead @carol');
    const { kinds } = pass({
      loaded: loaded(
        { comments: [c], permission: 'write' },
        { accepted: { '13': commentDigest(c.body) }, roles: { lead: 'carol', scribe: null, comms: null } },
      ),
      trigger: commandTrigger(c),
    });
    expect(kinds.filter((k) => k !== 'add-label' && k !== 'upsert-status')).toEqual([]);
  });

  it('an older command delivered late never undoes a newer one', () => {
    const c = commentOf(14, '/incident lead @dave', 'bob', '2026-11-23T10:01:00Z');
    const { plan, kinds } = pass({
      loaded: loaded(
        { comments: [c], permission: 'write' },
        { roles: { lead: 'carol', scribe: null, comms: null }, fieldAt: { lead: '2026-11-23T10:02:00Z' } },
      ),
      trigger: commandTrigger(c),
    });
    expect(plan.context?.metadata.roles.lead).toBe('carol');
    expect(kinds).not.toContain('assign');
    expect(kinds).toContain('react');
  });

  it('a refused write of a command becomes a reply instead of 👍; an unassignable lead is a note', () => {
    const c = commentOf(15, '/incident lead @carol\n/incident mitigated');
    const { kinds, settled } = pass({
      loaded: loaded({ comments: [c], permission: 'write' }),
      trigger: commandTrigger(c),
      outcome: (i) =>
        i.kind === 'assign'
          ? { ok: false, status: 422, message: 'Validation Failed' }
          : i.kind === 'add-label' && i.origin.kind === 'command'
            ? { ok: false, status: 403, message: 'no' }
            : { ok: true },
    });
    expect(kinds).not.toContain('react');
    const reply = settled?.intents.find((i) => i.kind === 'reply') as { body: string } | undefined;
    expect(reply?.body).toMatch(/carol is the lead now, but cannot be assigned/);
    expect(reply?.body).toMatch(/line 2 .* could not be applied: GitHub answered 403/);
  });

  it('one comment opens at most 20 follow-ups and says so', () => {
    const body = Array.from({ length: 30 }, (_, i) => `/incident action Fix thing ${i}`).join('\n');
    const c = commentOf(16, body);
    const { plan, settled } = pass({
      loaded: loaded({ comments: [c], permission: 'write' }),
      trigger: commandTrigger(c),
    });
    const create = plan.intents.find((i) => i.kind === 'create-follow-ups') as { items: unknown[] } | undefined;
    expect(create?.items).toHaveLength(20);
    expect((settled?.intents.find((i) => i.kind === 'reply') as { body: string }).body).toMatch(
      /30 `action` lines; one comment opens at most 20/,
    );
  });
});

describe('follow-ups settle before they are opened', () => {
  const body = '- [ ] x\n\n## Action items\n- [ ] Add an alert\n';
  it('a new body item waits', () => {
    const { plan } = pass({ loaded: loaded({ issue: issue({ body }) }) });
    expect(plan.intents.some((i) => i.kind === 'create-follow-ups')).toBe(false);
  });

  it('opens the item once it has waited `follow_ups.settle`', () => {
    const first = pass({ loaded: loaded({ issue: issue({ body }) }) });
    const pending = first.plan.context?.metadata.pendingItems ?? {};
    expect(Object.keys(pending)).toHaveLength(1);
    const later = pass({
      loaded: loaded({ issue: issue({ body }) }, { pendingItems: pending }),
      now: new Date(NOW.getTime() + 2 * 60_000),
    });
    expect(later.plan.intents.filter((i) => i.kind === 'create-follow-ups')).toHaveLength(1);
  });
});

describe('reports: when they are due, and refusals', () => {
  const closed = issue({ state: 'closed', closedAt: '2026-11-23T11:00:00Z' });
  const reports = { reports: { repo: 'acme/incident-reports' } };
  const inputs = (from: 'private' | 'internal' | 'public', to: 'private' | 'internal' | 'public'): ReportInputs => ({
    ok: true,
    from,
    to,
    template: { text: '# {{title}}\n', source: 'test' },
    events: [],
  });

  it.each<[string, IssueSnapshot, Record<string, unknown> | null, Partial<IncidentMetadata>, string]>([
    ['open incident: no report', issue(), reports, {}, 'none'],
    ['resolved, reports on: inputs needed', closed, reports, {}, 'needs-inputs'],
    [
      'resolved, already attempted for this resolution',
      closed,
      reports,
      { reportAttemptFor: '2026-11-23T11:00:00.000Z' },
      'none',
    ],
    ['resolved, reports off: a message', closed, null, {}, 'settled'],
    [
      'resolved, a severity without reports: settled quietly',
      closed,
      { reports: { repo: 'acme/incident-reports', severities: ['low'] } },
      {},
      'settled',
    ],
  ])('%s', (_name, iss, config, metadata, expected) => {
    const settings = settingsFor(config);
    const plan = planIncident({
      loaded: loaded({ issue: iss }, metadata),
      trigger: { kind: 'wake' },
      settings,
      now: NOW,
    });
    expect(plan.needs?.reportInputs ? 'needs-inputs' : plan.context?.report.kind).toBe(expected);
  });

  it.each<[string, 'private' | 'internal' | 'public', 'private' | 'internal' | 'public', boolean, string]>([
    ['private to public is refused', 'private', 'public', false, 'settled'],
    ['internal to public is refused', 'internal', 'public', false, 'settled'],
    ['private to public with the opt-in', 'private', 'public', true, 'publish'],
    ['private to private', 'private', 'private', false, 'publish'],
    ['public to public', 'public', 'public', false, 'publish'],
  ])('%s', (_name, from, to, allow, expected) => {
    const config = { reports: { repo: 'acme/incident-reports', allow_private_to_public: allow } };
    const { plan } = pass({ loaded: loaded({ issue: closed }), config, reportInputs: inputs(from, to) });
    expect(plan.context?.report.kind).toBe(expected);
  });

  it('/incident report forces a report on an open incident', () => {
    const c = commentOf(20, '/incident report');
    const { plan } = pass({
      loaded: loaded({ comments: [c], permission: 'write' }),
      trigger: commandTrigger(c),
      config: reports,
      reportInputs: inputs('private', 'private'),
    });
    expect(plan.intents.map((i) => i.kind)).toContain('publish-report');
  });

  it("links follow-ups on the incident's own server (GitHub Enterprise Server)", () => {
    const { plan } = pass({
      loaded: loaded(
        { issue: closed },
        {
          followUps: { x: { repo: 'acme/app', number: 9, title: 'Alert', state: 'open', subIssue: true, note: null } },
        },
      ),
      config: { reports: { repo: 'acme/incident-reports' } },
      reportInputs: {
        ok: true,
        from: 'private',
        to: 'private',
        template: { text: '{{#each action_items}}{{url}}{{/each}}', source: 't' },
        events: [],
      },
    });
    const publish = plan.intents.find((i) => i.kind === 'publish-report') as
      { report: { content: string } } | undefined;
    expect(publish?.report.content).toContain('https://ghe.example.com/acme/app/issues/9');
  });

  it("links follow-ups in the status comment on the incident's own server too", () => {
    const { settled } = pass({
      loaded: loaded(
        {},
        {
          followUps: { x: { repo: 'acme/app', number: 9, title: 'Alert', state: 'open', subIssue: true, note: null } },
        },
      ),
    });
    const status = settled?.intents.find((i) => i.kind === 'upsert-status') as { body: string } | undefined;
    expect(status?.body).toContain('(https://ghe.example.com/acme/app/issues/9)');
    expect(status?.body).not.toContain('https://github.com/');
  });

  it.each<[number, RegExp]>([
    [404, /not found, or the app is not installed/],
    [403, /may not write to acme\/incident-reports/],
  ])('reports repository answering %s: the status comment says what to do', (status, message) => {
    const { plan } = pass({
      loaded: loaded({ issue: closed }),
      config: reports,
      reportInputs: { ok: false, status, message: 'x' },
    });
    expect(plan.context?.report.kind === 'settled' && plan.context.report.message).toMatch(message);
  });
});

describe('status comment: written only when something changed', () => {
  it('no status comment yet: one is created', () => {
    const { settled } = pass({ loaded: loaded({}, null) });
    expect(settled?.intents.find((i) => i.kind === 'upsert-status')).toMatchObject({ commentId: null });
  });

  it('the same pass twice: the second writes nothing', () => {
    const first = pass({ loaded: loaded({ issue: issue({ labels: ['incident', 'severity: high'] }) }, null) });
    const metadata = first.settled?.metadata as IncidentMetadata;
    const second = pass({ loaded: loaded({ issue: issue({ labels: ['incident', 'severity: high'] }) }, metadata) });
    expect(second.kinds).toEqual([]);
  });
});

describe('writes into other repositories need their consent (issue #12, findings 1 and 2)', () => {
  const closed = issue({ state: 'closed', closedAt: '2026-11-23T11:00:00Z' });
  const reports = { reports: { repo: 'acme/incident-reports', path: 'reports/{date}-{slug}.md' } };
  const inputs: ReportInputs = {
    ok: true,
    from: 'private',
    to: 'private',
    template: { text: '# {{title}}\n', source: 'test' },
    events: [],
  };
  const target = (info: Partial<{ consent: TargetConsent; visibility: 'private' | 'internal' | 'public' | null }>) => ({
    targets: { 'acme/incident-reports': { consent: consentOf(['acme/*']), visibility: 'private' as const, ...info } },
  });

  it.each<[string, Parameters<typeof target>[0], string, RegExp | null]>([
    ['consent by owner pattern', {}, 'publish', null],
    ['consent naming the repository', { consent: consentOf(['acme/app']) }, 'publish', null],
    [
      'no accepts_from entry for this repository',
      { consent: consentOf(['other/*']) },
      'settled',
      /has not agreed to receive them from acme\/app/,
    ],
    [
      'no config in the reports repository',
      { consent: { kind: 'missing' } },
      'settled',
      /Add `accepts_from: \[acme\/app\]`/,
    ],
    [
      'an invalid config never consents',
      { consent: { kind: 'invalid', file: 'f', errors: ['x'] } },
      'settled',
      /is not valid/,
    ],
    ['the app cannot see it', { visibility: null }, 'settled', /not found, or the app is not installed on it/],
    [
      'a public reports repository for a private incident',
      { visibility: 'public' },
      'settled',
      /comes from a private repository and the destination is public/,
    ],
  ])('%s -> %s', (_name, info, kind, message) => {
    const { plan } = pass({
      loaded: loaded({ issue: closed, ...target(info) }),
      config: reports,
      reportInputs: inputs,
    });
    expect(plan.context?.report.kind).toBe(kind);
    if (message) expect(plan.context?.report.kind === 'settled' && plan.context.report.message).toMatch(message);
  });

  it("the reports repository decides the path, labels and reviewers, not the incident's config", () => {
    const config = {
      reports: {
        repo: 'acme/incident-reports',
        path: 'test/{slug}.test.md',
        labels: ['ship-it'],
        reviewers: ['mallory'],
      },
    };
    const { plan } = pass({
      loaded: loaded(
        { issue: closed, ...target({ consent: consentOf(['acme/*'], 'postmortems/{repo}/{slug}.md') }) },
        { roles: { lead: 'carol', scribe: null, comms: null } },
      ),
      config,
      reportInputs: inputs,
    });
    const publish = plan.intents.find((i) => i.kind === 'publish-report') as
      { report: { path: string; labels: string[]; reviewers: string[] } } | undefined;
    expect(publish?.report.path).toBe('postmortems/app/checkout-down.md');
    expect(publish?.report.labels).toEqual(['incident-report']);
    expect(publish?.report.reviewers).toEqual(['carol']);
  });

  it('a path that expands under .github/ is refused, not written (the incident repository is named .github)', () => {
    const consent = consentOf(['acme/*'], '{repo}/{slug}.md');
    const { plan } = pass({
      loaded: loaded({ ref: { owner: 'acme', repo: '.github', number: 7 }, issue: closed, ...target({ consent }) }),
      config: reports,
      reportInputs: inputs,
    });
    expect(plan.intents.map((i) => i.kind)).not.toContain('publish-report');
    expect(plan.context?.report.kind === 'settled' && plan.context.report.message).toMatch(/is under \.github\//);
    // Control: the same pattern from another repository is written.
    const control = pass({
      loaded: loaded({ issue: closed, ...target({ consent }) }),
      config: reports,
      reportInputs: inputs,
    });
    expect(control.plan.intents.map((i) => i.kind)).toContain('publish-report');
  });

  it("the server may allow a pair without the target's consent", () => {
    const settings = settingsFor(reports);
    const plan = planIncident({
      loaded: loaded({ issue: closed, ...target({ consent: { kind: 'missing' } }) }),
      trigger: { kind: 'wake' },
      settings,
      now: NOW,
      reportInputs: inputs,
      serverRules: [{ source: 'acme/*', target: 'acme/incident-reports' }],
    });
    expect(plan.context?.report.kind).toBe('publish');
  });

  it('consent not read yet: the plan asks for it before deciding', () => {
    const settings = settingsFor(reports);
    const plan = planIncident({
      loaded: loaded({ issue: closed, targets: {} }),
      trigger: { kind: 'wake' },
      settings,
      now: NOW,
      reportInputs: inputs,
    });
    expect(plan.needs?.targets).toEqual(['acme/incident-reports']);
    expect(plan.intents).toEqual([]);
  });

  it.each<[string, TargetConsent, 'private' | 'public', boolean, RegExp | null]>([
    ['follow-ups into a consenting repository, with its labels', consentOf(['acme/*']), 'private', true, null],
    ['follow-ups into a repository that did not agree', consentOf([]), 'private', false, /has not agreed/],
    [
      'follow-ups from a private incident into a public repository',
      consentOf(['acme/*']),
      'public',
      false,
      /comes from a private repository and the destination is public/,
    ],
  ])('%s', (_name, consent, visibility, opens, notice) => {
    const c = commentOf(30, '/incident action Add an alert');
    const { plan, settled } = pass({
      loaded: loaded({ comments: [c], permission: 'write', targets: { 'acme/tracker': { consent, visibility } } }),
      trigger: commandTrigger(c),
      config: { follow_ups: { repo: 'acme/tracker' } },
    });
    const create = plan.intents.find((i) => i.kind === 'create-follow-ups') as { labels: string[] } | undefined;
    expect(create !== undefined).toBe(opens);
    if (create) expect(create.labels).toEqual(['from-incidents']);
    const status = settled?.intents.find((i) => i.kind === 'upsert-status') as { body: string } | undefined;
    if (notice) expect((status?.body ?? '').replace(/\\(.)/g, '$1')).toMatch(notice);
  });
});
