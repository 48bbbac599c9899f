import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { buildReportModel, slugOf, type ReportModel } from '../../src/domain/reports/report-model.js';
import { buildTimeline, minutesBetween } from '../../src/domain/incident/timeline.js';
import { renderReport, ReportTemplateError } from '../../src/render/report.js';

const levels = [{ name: 'high', label: 'severity: high', aliases: [] }];
const DEFAULT_TEMPLATE = readFileSync('templates/report.md.hbs', 'utf8');

describe('slugOf', () => {
  it.each([
    ['Checkout returns 500s', 'checkout-returns-500s'],
    ['  Ünïcødé & spaces!! ', 'unicode-spaces'],
    ['@everyone {{x}} <b>', 'everyone-x-b'],
    ['!!!', 'incident'],
    ['a'.repeat(80), 'a'.repeat(60)],
    ['word '.repeat(20), 'word-word-word-word-word-word-word-word-word-word-word-word'],
  ])('%j -> %j', (title, slug) => {
    expect(slugOf(title)).toBe(slug);
    expect(slugOf(title).length).toBeLessThanOrEqual(60);
  });
});

describe('buildTimeline', () => {
  const timeline = buildTimeline({
    openedAt: '2026-11-23T10:00:00Z',
    openedBy: 'alice',
    impactStart: '2026-11-23T09:50:00Z',
    events: [
      { event: 'labeled', at: '2026-11-23T10:02:00Z', actor: 'bot', label: 'severity: high' },
      { event: 'labeled', at: '2026-11-23T10:03:00Z', actor: 'bob', label: 'bug' },
      {
        event: 'cross-referenced',
        at: '2026-11-23T10:04:00Z',
        actor: 'bob',
        source: { number: 9, title: 'Revert', url: 'u', isPullRequest: true, repo: 'o/r' },
      },
      {
        event: 'cross-referenced',
        at: '2026-11-23T10:05:00Z',
        actor: 'bob',
        source: { number: 9, title: 'Revert', url: 'u', isPullRequest: true, repo: 'o/r' },
      },
      {
        event: 'cross-referenced',
        at: '2026-11-23T10:05:00Z',
        actor: 'bob',
        source: { number: 8, title: 'An issue', url: 'u', isPullRequest: false, repo: 'o/r' },
      },
      { event: 'closed', at: '2026-11-23T11:00:00Z', actor: 'alice' },
      { event: 'reopened', at: '2026-11-23T11:10:00Z', actor: 'alice' },
    ],
    // The commands the app accepted (a quoted line never is), and the step ids in its warning markers.
    commands: [
      { at: '2026-11-23T10:01:00Z', actor: 'alice', command: { verb: 'lead', login: 'alice' } },
      { at: '2026-11-23T10:01:00Z', actor: 'alice', command: { verb: 'note', text: 'first note' } },
      { at: '2026-11-23T10:31:00Z', actor: 'bob', command: { verb: 'status', text: 'all good' } },
      { at: '2026-11-23T10:31:00Z', actor: 'bob', command: { verb: 'action', text: 'Add alert' } },
    ],
    warnings: [{ at: '2026-11-23T10:30:00Z', keys: ['s2'] }],
    steps: [
      {
        id: 's1',
        text: 'Fix it',
        checked: true,
        section: null,
        depth: 0,
        line: 1,
        deadline: null,
        severities: null,
        postIncident: false,
      },
      {
        id: 's2',
        text: 'Tell users',
        checked: false,
        section: null,
        depth: 0,
        line: 2,
        deadline: null,
        severities: null,
        postIncident: false,
      },
    ],
    checkedAt: { s1: '2026-11-23T10:20:00Z', gone: '2026-11-23T10:21:00Z' },
    acknowledgedAt: '2026-11-23T10:01:00Z',
    mitigatedAt: null,
    levels,
    milestones: { acknowledged: [], mitigated: ['mitigated'] },
    botLogin: 'app[bot]',
  });

  it('credits people: ticks, steps done by events, skips, and moments recorded by label', () => {
    const credited = buildTimeline({
      openedAt: '2026-11-23T10:00:00Z',
      openedBy: 'alice',
      impactStart: null,
      events: [{ event: 'labeled', at: '2026-11-23T10:40:00Z', actor: 'app[bot]', label: 'mitigated' }],
      commands: [
        {
          at: '2026-11-23T10:05:00Z',
          actor: 'carol',
          command: { verb: 'skip', step: '2', reason: 'no users', stepId: 's2', stepText: 'Tell users' },
        },
      ],
      warnings: [],
      steps: [
        {
          id: 's1',
          text: 'Fix it',
          checked: true,
          section: null,
          depth: 0,
          line: 1,
          deadline: null,
          severities: null,
          postIncident: false,
        },
        {
          id: 's2',
          text: 'Tell users',
          checked: false,
          section: null,
          depth: 0,
          line: 2,
          deadline: null,
          severities: null,
          postIncident: false,
        },
        {
          id: 's3',
          text: 'Take the lead',
          checked: false,
          section: null,
          depth: 0,
          line: 3,
          deadline: null,
          severities: null,
          postIncident: false,
        },
      ],
      checkedAt: { s1: '2026-11-23T10:20:00Z' },
      tickedBy: { s1: 'bob' },
      doneBy: { s3: { at: '2026-11-23T10:01:00Z', by: 'dave', via: '/incident lead @dave' } },
      facts: {
        acknowledged: { at: '2026-11-23T10:02:00Z', by: 'erin', via: 'acknowledged label' },
        mitigated: { at: '2026-11-23T10:40:00Z', by: 'frank', via: 'mitigated label' },
      },
      acknowledgedAt: '2026-11-23T10:02:00Z',
      mitigatedAt: '2026-11-23T10:40:00Z',
      levels,
      milestones: { acknowledged: [], mitigated: ['mitigated'] },
      botLogin: 'app[bot]',
    });
    expect(credited.map((e) => [e.at.slice(11, 16), e.text, e.actor])).toEqual([
      ['10:00', 'Incident issue opened', 'alice'],
      ['10:01', 'Done: Take the lead (by /incident lead @dave)', 'dave'],
      ['10:02', 'Acknowledged', 'erin'],
      ['10:05', 'Skipped (not applicable): Tell users: no users', 'carol'],
      ['10:20', 'Done: Fix it', 'bob'],
      // The app added the label for nobody's command: credited to the person the record names.
      ['10:40', 'Mitigated', 'frank'],
    ]);
  });

  it('orders every kind of entry by time, ties in source order', () => {
    expect(timeline.map((e) => [e.at.slice(11, 16), e.kind, e.text])).toEqual([
      ['09:50', 'impact-start', 'Impact started'],
      ['10:00', 'opened', 'Incident issue opened'],
      ['10:01', 'role', 'alice is the lead'],
      ['10:01', 'note', 'first note'],
      ['10:01', 'acknowledged', 'Acknowledged'],
      ['10:02', 'severity', 'Severity set to high'],
      ['10:04', 'pull-request', 'Pull request o/r#9 referenced this incident: Revert'],
      ['10:20', 'step', 'Done: Fix it'],
      ['10:30', 'overdue', 'Overdue warning: Tell users'],
      ['10:31', 'status', 'Status update: all good'],
      ['10:31', 'action', 'Action item: Add alert'],
      ['11:00', 'resolved', 'Resolved (issue closed)'],
      ['11:10', 'reopened', 'Reopened'],
    ]);
  });

  it.each([
    ['2026-11-23T10:00:00Z', '2026-11-23T11:30:00Z', 90],
    [null, '2026-11-23T11:30:00Z', null],
    ['2026-11-23T12:00:00Z', '2026-11-23T11:30:00Z', null],
  ])('minutesBetween(%s, %s) = %s', (from, to, minutes) => {
    expect(minutesBetween(from, to)).toBe(minutes);
  });
});

function model(overrides: Partial<Parameters<typeof buildReportModel>[0]> = {}): ReportModel {
  return buildReportModel({
    title: 'Checkout down',
    repo: 'acme/shop',
    number: 7,
    url: 'https://github.com/acme/shop/issues/7',
    severity: 'high',
    roles: { lead: 'alice', scribe: null, comms: null },
    summary: 'Card payments failed',
    impact: null,
    impactStart: '2026-11-23T09:50:00.000Z',
    detected: '2026-11-23T10:00:00.000Z',
    acknowledged: '2026-11-23T10:05:00.000Z',
    mitigated: '2026-11-23T10:50:00.000Z',
    resolved: '2026-11-23T11:50:00.000Z',
    timeline: [],
    steps: [],
    statuses: [],
    actionItems: [],
    ...overrides,
  });
}

describe('buildReportModel', () => {
  it('computes the dates and metrics from the impact start', () => {
    const m = model();
    expect([
      m.date,
      m.slug,
      m.duration_minutes,
      m.time_to_acknowledge_minutes,
      m.time_to_mitigate_minutes,
      m.time_to_resolve_minutes,
    ]).toEqual(['2026-11-23', 'checkout-down', 120, 15, 60, 120]);
  });

  it('falls back to detection when the impact start is unknown', () => {
    const m = model({ impactStart: null });
    expect([m.date, m.time_to_acknowledge_minutes]).toEqual(['2026-11-23', 5]);
  });
});

describe('renderReport', () => {
  it('renders the default template with front matter and every section', () => {
    const out = renderReport({ template: DEFAULT_TEMPLATE, model: model() });
    expect(out).toMatch(/^---\ntitle: "Checkout down"\ndate: 2026-11-23\nincident: "acme\/shop#7"/);
    expect(out).toMatch(/\nduration: "2 hrs"\n/);
    expect(out).toMatch(/\ntime_to_acknowledge: "15 min"\n/);
    expect(out).toMatch(/\nimpact: |## Impact\n\n_Who or what was affected/);
    for (const heading of [
      '## Summary',
      '## Timeline',
      '## Checklist',
      '## Action items',
      '### What happened',
      '### Contributing factors',
      '### What went well',
      '### What did not go well',
      '### Where we got lucky',
    ]) {
      expect(out).toContain(heading);
    }
  });

  it("shows times in the team's time zone, with the offset", () => {
    expect(renderReport({ template: '{{time detected}}', model: model(), timeZone: 'Europe/Berlin' })).toMatch(
      /^2026-11-23 \d\d:\d\d UTC\+01:00$/,
    );
    expect(renderReport({ template: '{{time detected}}', model: model() })).toMatch(/^2026-11-23 \d\d:\d\d UTC$/);
  });

  it('renders a custom template', () => {
    expect(
      renderReport({ template: '# {{title}} ({{severity}}) {{duration time_to_resolve_minutes}}', model: model() }),
    ).toBe('# Checkout down (high) 2 hrs');
  });

  it.each([
    ['an unknown field (strict mode)', '{{titel}}', /"titel" not defined/],
    ['an unknown helper', '{{shout title}}', /shout/],
    ['a syntax error', '{{#if title}}', /Parse error|Expecting/],
  ])('%s is a clear error, not a crash', (_name, template, message) => {
    expect(() => renderReport({ template, model: model(), source: 'acme/shop:.github/report.hbs' })).toThrow(
      ReportTemplateError,
    );
    expect(() => renderReport({ template, model: model(), source: 'acme/shop:.github/report.hbs' })).toThrow(message);
  });

  it('never reaches the prototype', () => {
    expect(() => renderReport({ template: '{{constructor.name}}', model: model() })).toThrow(ReportTemplateError);
    expect(() => renderReport({ template: '{{#with title}}{{this.constructor}}{{/with}}', model: model() })).toThrow(
      ReportTemplateError,
    );
  });

  it.each([
    ['a template in the data', '{{title}} {{#each x}}', /\\\{\\\{title\\\}\\\}/],
    ['mentions', '@alice and @acme/oncall', /@\u200balice and @\u200bacme\/oncall/],
    ['the app marker', '<!-- incident-responder:status {} -->', /\\<\\!\\-\\- incident\\-responder/],
    ['html that breaks out', '</details><script>x</script>', /\\<\/details\\>/],
    ['issue references', 'see #123', /\\#\u200b123/],
  ])('user text stays data: %s', (_name, text, expected) => {
    const before = Object.getOwnPropertyNames(Object.prototype).join();
    const out = renderReport({ template: DEFAULT_TEMPLATE, model: model({ title: text, summary: text }) });
    expect(out).toMatch(expected);
    // Front matter is data for tools (a file's front matter pings nobody); the markdown body is inert.
    const body = out.slice(out.indexOf('\n---\n', 4) + 5);
    expect(body).not.toMatch(/(^|[^\u200b])@(alice|acme)/);
    expect(out).not.toMatch(/<!-- incident-responder/);
    expect(Object.getOwnPropertyNames(Object.prototype).join()).toBe(before);
  });

  it('front matter values are valid YAML strings even with quotes and colons', () => {
    const out = renderReport({ template: 'title: {{yaml title}}', model: model({ title: 'a "b": c' }) });
    expect(out).toBe('title: "a \\"b\\": c"');
  });
});
