import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { describeAction, readable } from '../../src/cli/demo-format.js';

/** `npm run demo` (incident-responder demo): the quick start's one command after `npm ci`. */
async function demo(args: string[] = []) {
  let stdout = '';
  let stderr = '';
  const code = await main(['demo', ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (path) => readFile(path, 'utf8'),
  });
  return { code, stdout, stderr };
}

describe('the demo', () => {
  it('plays the default scenario and shows what a responder sees, as text', async () => {
    const { code, stdout, stderr } = await demo();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^The incident in examples\/incident\.yml, played against a simulated GitHub/);
    expect(stdout).toMatch(/^ {2}\+0s +alice opened #1 "Checkout returns 500s"$/m);
    expect(stdout).toMatch(/^ {2}\+15m +app {3}posted an overdue warning: 🔴 @alice 1 step is overdue:$/m);
    expect(stdout).toMatch(/app {3}opened the report pull request in acme\/incident-reports: "Incident report: /);
    expect(stdout).toMatch(/^Overdue warning 1 of 4 on acme\/shop#1$/m);
    expect(stdout).toMatch(/^The status comment on acme\/shop#1 "Checkout returns 500s", as it ends$/m);
    expect(stdout).toMatch(/^### Incident status: ✅ Resolved$/m);
    expect(stdout).toMatch(/^The incident report, reports\/2026-11-23-checkout-returns-500s\.md/m);
    expect(stdout).toMatch(/^# Checkout returns 500s$/m);
    // Readable, not a tool's format: no JSON, no hidden records, no endpoint paths.
    expect(stdout).not.toMatch(/<!--|^ *[{[]|\/repos\/|incident-responder:status/m);
    // A whole day of incident on the virtual clock: seconds of real time, more on a loaded machine.
  }, 120_000);

  it('plays a scenario it is given, and a broken one is an error with the file named', async () => {
    const { code, stdout } = await demo(['examples/skip-and-snooze.yml']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^The incident in examples\/skip-and-snooze\.yml/);
    const missing = await demo(['examples/no-such.yml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/examples\/no-such\.yml: no such file/);
  });

  it.each<[string, { method: string; path: string; body: unknown }, string | undefined]>([
    [
      'a status comment',
      {
        method: 'POST',
        path: '/repos/a/b/issues/1/comments',
        body: { body: '<!-- incident-responder:status {} -->\nx' },
      },
      'posted the status comment',
    ],
    [
      'a status edit',
      {
        method: 'PATCH',
        path: '/repos/a/b/issues/comments/9',
        body: { body: '<!-- incident-responder:status {} -->' },
      },
      'updated the status comment',
    ],
    [
      'a reply',
      { method: 'POST', path: '/repos/a/b/issues/1/comments', body: { body: '**Done** \\(x\\)' } },
      'replied: Done (x)',
    ],
    [
      'a follow-up issue',
      { method: 'POST', path: '/repos/a/b/issues', body: { title: 'Add an alert' } },
      'opened the follow-up issue in a/b: "Add an alert"',
    ],
    ['the git plumbing of a pull request', { method: 'POST', path: '/repos/a/b/git/trees', body: {} }, undefined],
    ['anything else, as it is', { method: 'DELETE', path: '/repos/a/b/x', body: null }, 'DELETE /repos/a/b/x'],
  ])('describes %s', (_name, action, expected) => {
    expect(describeAction(action)).toBe(expected);
  });

  it('shows a comment as GitHub renders its text', () => {
    expect(readable('<!-- hidden\nrecord -->\n\\(a\\) @\u200Bb\n\n\n\nc')).toBe('(a) @b\n\nc');
  });
});
