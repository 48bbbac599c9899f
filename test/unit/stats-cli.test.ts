import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIXTURE = join(process.cwd(), 'test', 'fixtures', 'stats-basic');

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: async (path) => readFileSync(path, 'utf8'),
  });
  return { code, stdout, stderr };
}

describe('incident-responder stats', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'stats-cli-'));
    cpSync(join(FIXTURE, 'input'), join(work, 'checkout'), { recursive: true });
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('prints the tables, writes the index and charts into the checkout, and exits 1 for skipped files', async () => {
    const checkout = join(work, 'checkout');
    const { code, stdout, stderr } = await cli(['stats', checkout, '--timezone', 'Europe/Berlin']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^INCIDENTS\n {2}Date \(Europe\/Berlin\) +Incident/);
    expect(stdout).toMatch(/RUNBOOK STEPS MOST OFTEN LATE OR SKIPPED\n.*\n {2}Tell the support team +3 +0 +1 +2 +0%/);
    expect(stderr).toContain('5 reports read, 3 skipped; wrote 5 of 5 files');
    expect(stderr).toContain('reports/notes.md: skipped: no front matter');
    // Without a config the settings are the defaults; the time zone came from --timezone.
    expect(readFileSync(join(checkout, 'reports', 'README.md'), 'utf8')).toBe(
      readFileSync(join(FIXTURE, 'expected', 'README.md'), 'utf8'),
    );
    expect(readdirSync(join(checkout, 'reports', 'charts')).sort()).toEqual([
      'incidents.svg',
      'on-time-steps.svg',
      'open-follow-ups.svg',
      'time-to-resolve.svg',
    ]);
  });

  it('writes under --out, and a second run with the same reports writes nothing', async () => {
    const out = join(work, 'out');
    await cli(['stats', join(work, 'checkout'), '--out', out, '--timezone', 'Europe/Berlin']);
    const svg = join(out, 'reports', 'charts', 'incidents.svg');
    const before = statSync(svg).mtimeMs;
    const first = readFileSync(svg, 'utf8');
    const again = await cli(['stats', join(work, 'checkout'), '--out', out, '--timezone', 'Europe/Berlin']);
    expect(again.stderr).toContain('wrote 0 of 5 files');
    expect(statSync(svg).mtimeMs).toBe(before);
    expect(readFileSync(svg, 'utf8')).toBe(first);
  });

  it('takes reports.path and reports.index from --config, and prints JSON with --json', async () => {
    const config = join(work, 'incident.yml');
    writeFileSync(
      config,
      'reports:\n  path: "reports/{date}-{slug}.md"\n  index:\n    path: "INDEX.md"\n    charts: "img"\n    timezone: "America/New_York"\n',
    );
    const { stdout } = await cli(['stats', join(work, 'checkout'), '--config', config, '--json']);
    const json = JSON.parse(stdout);
    expect(json.timeZone).toBe('America/New_York');
    expect(json.incidents.map((r: { date: string }) => r.date)).toEqual([
      '2026-11-23',
      '2026-11-02',
      '2026-10-05',
      '2026-09-30',
      '2026-09-14',
    ]);
    expect(readFileSync(join(work, 'checkout', 'INDEX.md'), 'utf8')).toContain(
      '](reports/2026-10-05-payments-timeouts.md)',
    );
    expect(readdirSync(join(work, 'checkout', 'img'))).toHaveLength(4);
  });

  it.each([
    { args: ['stats'], message: /stats takes one DIR/ },
    { args: ['stats', 'a', 'b'], message: /stats takes one DIR/ },
    {
      args: ['stats', '.', '--timezone', 'Mars/Olympus'],
      message: /--timezone: "Mars\/Olympus" is not an IANA time zone/,
    },
    { args: ['stats', '/nonexistent-checkout'], message: /nonexistent-checkout\/reports: no such folder/ },
  ])('usage error for $args', async ({ args, message }) => {
    const { code, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('gives the same bytes from the built launcher in a fresh process (Vega outside Jest)', () => {
    const out = join(work, 'fresh');
    const run = spawnSync(
      process.execPath,
      ['bin/incident-responder.js', 'stats', join(work, 'checkout'), '--out', out, '--timezone', 'Europe/Berlin'],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(readFileSync(join(out, 'reports', 'charts', 'incidents.svg'), 'utf8')).toBe(
      readFileSync(join(FIXTURE, 'expected', 'incidents.svg'), 'utf8'),
    );
    expect(readFileSync(join(out, 'reports', 'README.md'), 'utf8')).toBe(
      readFileSync(join(FIXTURE, 'expected', 'README.md'), 'utf8'),
    );
  });

  it('has help', async () => {
    const { code, stdout } = await cli(['stats', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: incident-responder stats DIR/);
    expect((await cli(['--help'])).stdout).toMatch(/stats DIR \[--out DIR\]/);
  });
});
