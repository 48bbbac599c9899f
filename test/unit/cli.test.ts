import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { main } from '../../src/cli/main.js';

/** Runs the CLI in-process against an in-memory file system. */
async function cli(args: string[], files: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: async (path) => {
      if (Object.hasOwn(files, path)) return files[path] as string;
      if (existsSync(path)) return readFileSync(path, 'utf8');
      throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    },
  });
  return { code, stdout, stderr };
}

const TEMPLATE = '---\nname: X\nabout: y\nlabels: incident\n---\n## Do\n- [ ] `4 hrs` a step\n';

describe('parse', () => {
  it('prints the JSON contract', async () => {
    const { code, stdout } = await cli(['parse', 'b.md', '--json'], {
      'b.md': '**Severity:** High\n\n## Go\n- [x] `1-2 days` first\n## Action items\n- [ ] fix @amy',
    });
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    // The contract's original keys first, in order; keys added later follow.
    expect(Object.keys(json)).toEqual([
      'severity',
      'fields',
      'steps',
      'actionItems',
      'warnings',
      'impactStart',
      'choices',
      'notes',
      'lists',
    ]);
    expect(json.severity).toBe('high');
    expect(json.steps).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{12}$/),
        text: 'first',
        checked: true,
        section: 'Go',
        depth: 0,
        line: 4,
        deadline: { anchor: 'start', minMinutes: 1440, maxMinutes: 2880, everyMinutes: null, variants: null },
        severities: null,
      },
    ]);
    expect(json.actionItems).toEqual([
      { id: expect.any(String), text: 'fix @amy', checked: false, line: 6, mentions: ['amy'] },
    ]);
  });

  it('prints a readable table without --json', async () => {
    const { code, stdout } = await cli(['parse', 'b.md'], { 'b.md': '- [ ] `4 hrz` typo\n- [ ] `1-2 days` ok' });
    expect(code).toBe(0);
    expect(stdout).toMatch(/LINE\s+STEP\s+DEADLINE/);
    expect(stdout).toMatch(/1 day - 2 days/);
    expect(stdout).toMatch(/Warnings:\n {2}line 1: `4 hrz` looks like a deadline/);
  });

  it('uses --config and reports its problems on stderr with exit 1', async () => {
    const { code, stdout, stderr } = await cli(['parse', 'b.md', '--config', 'c.yml', '--json'], {
      'b.md': '### Sev\n\nsev1',
      'c.yml': 'severity:\n  levels:\n    - {name: sev1, label: "sev: 1"}\ncommands:\n  permission: boss\n',
    });
    expect(JSON.parse(stdout).severity).toBe('sev1');
    expect(stderr).toBe('c.yml:5: commands.permission: must be one of read, triage, write, maintain, admin\n');
    expect(code).toBe(1);
  });

  it('reads an issue form as the body GitHub would create from it', async () => {
    const { stdout } = await cli(['parse', 'templates/issue-templates/incident-form.yml', '--json']);
    const json = JSON.parse(stdout);
    expect(Object.keys(json.fields)).toEqual(['Severity', 'Impact start', 'Summary', 'Impact']);
    expect(json.steps.length).toBeGreaterThan(3);
  });

  it.each([
    [['parse'], /parse takes one FILE/],
    [['parse', 'a', 'b'], /parse takes one FILE/],
    [['parse', 'missing.md'], /missing.md: no such file/],
    [['parse', 'x.md', '--frob'], /Unknown option '--frob'/],
    [['check', 'x.md', '--frob'], /Unknown option '--frob'/],
    [['check'], /at least one TEMPLATE/],
    [['nope'], /unknown command "nope"/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const { code, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it.each([['--help'], ['parse', '--help'], ['check', '-h'], ['schema', '--help'], []])(
    '%j prints help',
    async (...args) => {
      const { code, stdout } = await cli(args);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: incident-responder/);
    },
  );
});

describe('check', () => {
  it('--json prints the same findings as the text output, and how each list was read', async () => {
    const file = 'test/fixtures/answer-lists/body.md';
    const text = await cli(['check', file]);
    const { code, stdout } = await cli(['check', '--json', file]);
    const json = JSON.parse(stdout);
    expect(code).toBe(text.code);
    const lines = text.stdout.split('\n').filter((l) => l.startsWith(`${file}:`));
    expect([
      ...json.problems.map((p: { line: number; message: string }) => `${file}:${p.line}: ${p.message}`),
      ...json.notes.map((n: { line: number; message: string }) => `${file}:${n.line}: note: ${n.message}`),
    ]).toEqual(lines);
    expect(json.lists).toContainEqual(expect.objectContaining({ file, line: 28, reading: 'mixed' }));
    expect(json.lists).toContainEqual(expect.objectContaining({ file, line: 38, reading: 'steps' }));
  });

  it('passes on every shipped template', async () => {
    const files = ['incident.md', 'incident-severity.md', 'incident-form.yml'].map(
      (f) => `templates/issue-templates/${f}`,
    );
    const { code, stdout } = await cli(['check', '--config', 'docs/example-incident.yml', ...files]);
    expect(stdout).toMatch(
      /^ok: 3 templates and docs\/example-incident.yml, \d+ steps \(\d+ with deadlines\), no problems\n$/,
    );
    expect(code).toBe(0);
  });

  it.each([
    [
      'raw checkbox',
      TEMPLATE.replace('- [ ] `4 hrs`', '- <input type="checkbox"> `4 hrs`'),
      'x.md:7: raw HTML checkbox',
    ],
    ['bad deadline', TEMPLATE.replace('4 hrs', '4 hrz'), 'x.md:7: `4 hrz` looks like a deadline'],
    [
      'no incident label',
      TEMPLATE.replace('labels: incident', 'labels: bug'),
      'x.md:4: the template does not apply an incident label',
    ],
    ['no front matter', '- [ ] `4 hrs` step', 'x.md:1: no front matter'],
    [
      'a misspelt unit at the end of a step',
      TEMPLATE.replace('a step', 'a step 15 minz'),
      'x.md:7: "15 minz" looks like a deadline',
    ],
    [
      'a misspelt anchor',
      TEMPLATE.replace('`4 hrs`', '`1 hr after mitigaton`'),
      'x.md:7: `1 hr after mitigaton` counts from a moment the app does not know',
    ],
    ['EOD', TEMPLATE.replace('a step', 'a step by EOD'), 'x.md:7: "EOD" names a time of day'],
    ['tomorrow', TEMPLATE.replace('a step', 'a step, due tomorrow'), 'x.md:7: "tomorrow" names a time of day'],
    ['fortnights', TEMPLATE.replace('`4 hrs`', '`3 fortnights`'), 'x.md:7: `3 fortnights` is not a deadline'],
    [
      'a count-back',
      TEMPLATE.replace('a step', 'a step T-5 days before the release'),
      'x.md:7: "T-5 days" counts back',
    ],
    [
      'an unreadable impact start',
      TEMPLATE.replace('## Do', 'Impact started: 28/11/2026 23:10\n\n## Do'),
      'x.md:6: impact start "28/11/2026 23:10" is not a time',
    ],
    [
      'a severity option that is no level',
      TEMPLATE.replace('## Do', '**Severity:**\n- [ ] SEV-1 — Site-wide\n- [ ] Apocalyptic\n\n## Do'),
      'x.md:8: severity option "Apocalyptic"',
    ],
    [
      'unknown severity',
      TEMPLATE.replace('## Do', '**Severity:** Armageddon\n\n## Do'),
      'x.md:6: severity "Armageddon" is not a configured level',
    ],
    ['broken front matter', TEMPLATE.replace('name: X', 'name: [X'), 'x.md:3: front matter is not valid YAML'],
  ])('finds %s', async (_name, text, line) => {
    const { code, stdout } = await cli(['check', 'x.md'], { 'x.md': text });
    expect(code).toBe(1);
    expect(stdout).toContain(line);
  });

  it('notes, without failing, a template with no checklist, pick-one fields and placeholder action items', async () => {
    const text = TEMPLATE.replace(
      '## Do\n- [ ] `4 hrs` a step',
      '**Detected by:**\n- [ ] Monitoring\n- [ ] A customer\n\n## Action items\n- [ ] TBD',
    );
    const { code, stdout } = await cli(['check', 'x.md'], { 'x.md': text });
    expect(stdout.trim().split('\n')).toEqual([
      'x.md:1: note: no steps: the app will track fields only; write a checklist as task items ("- [ ] step") if responders should tick steps',
      'x.md:6: note: "Detected by" is read as a pick-one field (2 options): its boxes are answers, not steps',
      'x.md:7: note: the list under "Detected by" is read as answers: its label names a field answered by ticking a box',
      'x.md:11: note: "TBD" is a placeholder, not an action item: no follow-up issue is opened for it',
      'ok: 1 template, 0 steps (0 with deadlines), no problems',
    ]);
    expect(code).toBe(0);
  });

  it('judges severity dropdown options with the reader the body uses', async () => {
    const form = (options: string) =>
      [
        'name: F',
        'description: d',
        'labels: [incident]',
        'body:',
        '  - type: dropdown',
        '    attributes:',
        '      label: Severity',
        `      options: ${options}`,
      ].join('\n');
    const ok = await cli(['check', 'f.yml'], {
      'f.yml': form('["SEV-1 — Site-wide impact", "SEV-2 — Degraded for some", "High - Major functionality impacted"]'),
    });
    expect(ok.stdout).toMatch(/ok: 1 template/);
    expect(ok.code).toBe(0);
    const bad = await cli(['check', 'f.yml'], { 'f.yml': form('["Sev 9 — the end"]') });
    expect(bad.stdout).toContain('f.yml:5: severity option "Sev 9 — the end" is not a configured level');
    expect(bad.code).toBe(1);
  });

  it('checks issue forms: labels, severity options, checklist', async () => {
    const form = [
      'name: F',
      'description: d',
      'labels: [bug]',
      'body:',
      '  - type: dropdown',
      '    attributes:',
      '      label: Severity',
      '      options: [High, Apocalyptic]',
      '  - type: textarea',
      '    attributes:',
      '      label: Checklist',
      '      value: |',
      '        - [ ] `4 hrz` a step',
    ].join('\n');
    const { code, stdout } = await cli(['check', 'f.yml'], { 'f.yml': form });
    expect(code).toBe(1);
    expect(stdout.trim().split('\n')).toEqual([
      'f.yml:3: the template does not apply an incident label (incident), so the app will ignore issues made from it; add it to "labels"',
      'f.yml:5: severity option "Apocalyptic" is not a configured level (high, medium, low)',
      expect.stringMatching(/^f.yml:9: `4 hrz` looks like a deadline/),
    ]);
  });

  it('checks the config alone', async () => {
    const { code, stdout } = await cli(['check', '--config', 'c.yml'], { 'c.yml': 'reminders:\n  grace: often\n' });
    expect(code).toBe(1);
    expect(stdout).toBe(
      'c.yml:2: reminders.grace: is not a duration: write e.g. "30s", "15m", "2h", "1d" or "1h30m"\n',
    );
  });
});

describe('schema', () => {
  it('prints the JSON Schema', async () => {
    const { code, stdout } = await cli(['schema']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).title).toMatch(/incident\.yml/);
  });
});

describe('--version', () => {
  it.each([['--version'], ['version']])('%s prints the package version', async (arg) => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const { code, stdout } = await cli([arg]);
    expect(stdout).toBe(`${version}\n`);
    expect(version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
    expect(code).toBe(0);
  });
});

describe('the launcher', () => {
  it('prints the version from the built CLI', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(execFileSync(process.execPath, ['bin/incident-responder.js', '--version'], { encoding: 'utf8' })).toBe(
      `${version}\n`,
    );
  });

  it('runs the built CLI (bin/incident-responder.js) and sets the exit code', () => {
    const out = execFileSync(
      process.execPath,
      ['bin/incident-responder.js', 'check', 'templates/issue-templates/incident.md'],
      { encoding: 'utf8' },
    );
    expect(out).toMatch(/^ok: 1 template/);
  });
});

describe('plan (a dry run of the app for a new incident)', () => {
  const body = '**Severity:** High\n\n## Steps\n- [ ] `10 min` Page the owner\n- [ ] `1 hr` Tell users\n';

  it.each<[string[], string[], RegExp | null]>([
    [[], ['add-label', 'upsert-status'], null],
    [['--at', '15m'], ['add-label', 'post-warning', 'upsert-status'], /1 step is overdue/],
    [['--at', '2h'], ['add-label', 'post-warning', 'upsert-status'], /2 steps are overdue/],
  ])('at %j: intents %j', async (at, kinds, warning) => {
    const { code, stdout } = await cli(['plan', 'b.md', '--json', ...at], { 'b.md': body });
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { intents: Array<{ kind: string; body?: string }> };
    expect(json.intents.map((i) => i.kind)).toEqual(kinds);
    if (warning) expect(json.intents.find((i) => i.kind === 'post-warning')?.body).toMatch(warning);
  });

  it('prints the status comment it would post, readable', async () => {
    const { stdout } = await cli(['plan', 'b.md'], { 'b.md': body });
    expect(stdout).toMatch(/add the label "severity: high"/);
    expect(stdout).toMatch(/post the status comment:\n\n {4}### Incident status: 🔥 Active/);
  });

  it('refuses a duration it cannot read', async () => {
    const { code, stderr } = await cli(['plan', 'b.md', '--at', 'soon'], { 'b.md': body });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--at soon: not a duration/);
  });
});
