import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parseDuration } from '../../src/config/durations.js';
import { configJsonSchema } from '../../src/config/json-schema.js';
import {
  businessHoursOf,
  defaultConfig,
  formatConfigErrors,
  minutesOf,
  parseConfig,
  parseConfigYaml,
} from '../../src/config/load.js';

describe('defaults', () => {
  it.each([null, undefined, {}, ''])('%j gives the full default config with no errors', (raw) => {
    const loaded = raw === '' ? parseConfigYaml('') : parseConfig(raw);
    expect(loaded.errors).toEqual([]);
    expect(loaded.config).toEqual(defaultConfig());
  });

  it.each<[string, (c: ReturnType<typeof defaultConfig>) => unknown, unknown]>([
    ['incident label', (c) => c.incident.labels, ['incident']],
    [
      'levels',
      (c) => c.severity.levels.map((l) => [l.name, l.label]),
      [
        ['high', 'severity: high'],
        ['medium', 'severity: medium'],
        ['low', 'severity: low'],
      ],
    ],
    [
      'post-incident headings',
      (c) => c.phases.post_incident,
      ['after the incident', 'post-incident', 'postmortem', 'retrospective', 'follow-up'],
    ],
    ['action items section', (c) => c.follow_ups.section, 'Action items'],
    [
      'business hours',
      (c) => c.business_hours,
      { timezone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' },
    ],
    ['grace', (c) => minutesOf(c.reminders.grace), 5],
    ['warn once', (c) => c.reminders.repeat, false],
    ['command permission', (c) => c.commands.permission, 'triage'],
    ['follow-up settle', (c) => minutesOf(c.follow_ups.settle), 2],
    ['reports off', (c) => c.reports.repo, null],
    ['one ping per person per 30 minutes', (c) => minutesOf(c.reminders.mention_interval), 30],
    ['4 warning comments an hour', (c) => c.reminders.max_per_hour, 4],
    ['built-in done-when rules', (c) => c.steps, { done_when: [], builtin_done_when: true }],
    ['times in the business hours zone', (c) => c.display.timezone, null],
  ])('%s', (_name, pick, expected) => {
    expect(pick(defaultConfig())).toEqual(expected);
  });
});

describe('errors: key path, what is wrong, what is allowed', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['unknown top-level key', { severty: {} }, 'severty', /not a known key/],
    ['unknown nested key', { reports: { repo: 'a/b', tempalte: 'x' } }, 'reports.tempalte', /not a known key/],
    ['bad duration', { reminders: { grace: '5 parsecs' } }, 'reminders.grace', /not a duration/],
    [
      'bad permission',
      { commands: { permission: 'writer' } },
      'commands.permission',
      /one of read, triage, write, maintain, admin/,
    ],
    ['bad repo', { reports: { repo: 'just-a-name' } }, 'reports.repo', /owner\/name/],
    ['bad time zone', { business_hours: { timezone: 'Mars/Olympus' } }, 'business_hours.timezone', /IANA time zone/],
    ['end before start', { business_hours: { start: '18:00', end: '09:00' } }, 'business_hours.end', /after start/],
    ['bad weekday', { business_hours: { days: ['monday'] } }, 'business_hours.days[0]', /one of mon, tue/],
    ['bad time', { business_hours: { start: '9am' } }, 'business_hours.start', /HH:MM/],
    ['no warning comments at all', { reminders: { max_per_hour: 0 } }, 'reminders.max_per_hour', /at least 1/],
    ['a flood of warning comments', { reminders: { max_per_hour: 600 } }, 'reminders.max_per_hour', /at most 60/],
    [
      'unknown done-when event',
      { steps: { done_when: [{ match: 'page', when: 'paged' }] } },
      'steps.done_when[0].when',
      /one of lead, scribe/,
    ],
    ['bad display time zone', { display: { timezone: 'Mars/Olympus' } }, 'display.timezone', /IANA time zone/],
    ['list instead of mapping', { incident: ['incident'] }, 'incident', /mapping/],
    [
      'duplicate level',
      {
        severity: {
          levels: [
            { name: 'a', label: 'x' },
            { name: 'a', label: 'y' },
          ],
        },
      },
      'severity.levels[1].name',
      /used by two levels/,
    ],
    [
      'duplicate label',
      {
        severity: {
          levels: [
            { name: 'a', label: 'x' },
            { name: 'b', label: 'X' },
          ],
        },
      },
      'severity.levels[1].label',
      /used by two levels/,
    ],
    [
      'cadence for an unknown level',
      { status_updates: { every: { critical: '30m' } } },
      'status_updates.every.critical',
      /not a severity level/,
    ],
    ['report severities', { reports: { severities: ['sev0'] } }, 'reports.severities[0]', /not a severity level/],
    [
      'bad deadline rule',
      { deadlines: [{ match: 'x', deadline: 'soonish' }] },
      'deadlines[0].deadline',
      /not a deadline/,
    ],
    [
      'bad anchor',
      { deadlines: [{ match: 'x', deadline: '1h', anchor: 'lunch' }] },
      'deadlines[0].anchor',
      /one of start, acknowledged/,
    ],
    ['path without slug', { reports: { path: 'reports/{date}.md' } }, 'reports.path', /\{slug\}/],
    ['no levels', { severity: { levels: [] } }, 'severity.levels', /at least one level/],
  ])('%s', (_name, raw, path, message) => {
    const { errors } = parseConfig(raw);
    expect(errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(message) })]),
    );
  });

  it('a scalar file is an error at the root', () => {
    expect(parseConfig('hello').errors).toEqual([{ path: '(root)', message: expect.stringMatching(/mapping/) }]);
  });
});

describe('a broken section falls back to its defaults, the rest is kept', () => {
  it('keeps valid sections', () => {
    const { config, errors } = parseConfig({
      reports: { repo: 'nope' },
      business_hours: { timezone: 'Europe/Berlin' },
      reminders: { grace: '10m' },
    });
    expect(errors).toHaveLength(1);
    expect(config.reports).toEqual(defaultConfig().reports);
    expect(config.business_hours.timezone).toBe('Europe/Berlin');
    expect(config.reminders.grace).toBe('10m');
  });

  it('drops a section that refers to a broken one', () => {
    const { config, errors } = parseConfig({
      severity: { levels: [{ name: 'sev1', label: 'sev1' }] },
      status_updates: { every: { high: '30m' } },
    });
    expect(errors.map((e) => e.path)).toEqual(['status_updates.every.high']);
    expect(config.severity.levels.map((l) => l.name)).toEqual(['sev1']);
    expect(config.status_updates.every).toEqual({});
  });
});

describe('YAML', () => {
  it('reports syntax errors with their line', () => {
    expect(parseConfigYaml('incident:\n  labels: [a,\n').errors).toEqual([
      { path: '(root)', message: expect.stringMatching(/not valid YAML/), line: expect.any(Number) },
    ]);
  });

  it('refuses an alias bomb quickly instead of expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const { errors, config } = parseConfigYaml(lines.join('\n'));
    expect(errors[0]?.message).toMatch(/alias/);
    expect(config).toEqual(defaultConfig());
  });

  it('refuses files over 256 KiB', () => {
    expect(parseConfigYaml(`# ${'x'.repeat(300 * 1024)}`).errors[0]?.message).toMatch(/larger than 256 KiB/);
  });

  it('parses a full example', () => {
    const { config, errors } = parseConfigYaml(readFileSync('docs/example-incident.yml', 'utf8'));
    expect(errors).toEqual([]);
    expect(config.status_updates.every).toEqual({ high: '30m', medium: '1h' });
  });
});

describe('helpers', () => {
  it('businessHoursOf', () => {
    expect(
      businessHoursOf(parseConfig({ business_hours: { days: ['mon', 'sun'], start: '08:30', end: '18:00' } }).config),
    ).toEqual({
      timezone: 'UTC',
      days: [1, 7],
      startMinute: 510,
      endMinute: 1080,
    });
  });

  it.each([
    ['30s', 0.5],
    ['5m', 5],
    ['5 min', 5],
    ['2h', 120],
    ['1h30m', 90],
    ['14d', 20160],
    ['immediately', 0],
    ['soon', null],
    ['', null],
  ])('parseDuration(%j) = %s', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes);
  });

  it('formatConfigErrors', () => {
    expect(
      formatConfigErrors([
        { path: 'a.b', message: 'bad' },
        { path: '(root)', message: 'worse', line: 3 },
      ]),
    ).toEqual(['a.b: bad', 'line 3: worse']);
  });
});

describe('incident.schema.json', () => {
  it('is up to date with the zod schema (run `npm run schema` after changing it)', () => {
    expect(JSON.parse(readFileSync('incident.schema.json', 'utf8'))).toEqual(configJsonSchema());
  });

  it('describes every section', () => {
    const schema = configJsonSchema() as { properties: Record<string, { description?: string }> };
    expect(Object.keys(schema.properties).sort()).toEqual(
      [
        'accepts_from',
        'alerts',
        'business_hours',
        'commands',
        'deadlines',
        'display',
        'follow_ups',
        'incident',
        'incoming',
        'languages',
        'milestones',
        'phases',
        'reminders',
        'reports',
        'severity',
        'status_page',
        'status_updates',
        'steps',
        'visibility',
      ].sort(),
    );
    for (const section of Object.values(schema.properties)) expect(section.description).toBeTruthy();
  });
});
