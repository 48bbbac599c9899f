import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadYaml } from '../../src/config/yaml.js';
import { runScenario, scenarioSchema, type SimulationResult } from '../../src/simulator/scenario.js';

/**
 * The status comment and the report read one incident view: for every shipped example scenario, what
 * the final status comment shows and what the committed report says agree on summary, impact, impact
 * start, severity and roles (the issue-form example included, whose summary comes from a form field).
 */
interface FinalIssue {
  number: number;
  comments: Array<{ author: string; body: string }>;
}
interface FinalPull {
  files: Record<string, string>;
}

const examples = readdirSync('examples').filter((f) => f.endsWith('.yml'));

async function run(file: string): Promise<SimulationResult> {
  const scenario = scenarioSchema.parse(loadYaml(await readFile(resolve('examples', file), 'utf8')));
  return runScenario({ scenario, readFile: (path) => readFile(resolve('examples', path), 'utf8') });
}

/** A front matter scalar of the report: a JSON string or null. */
function front(report: string, key: string): string | null {
  const line = new RegExp(`^${key}: (.*)$`, 'm').exec(report)?.[1];
  if (line === undefined) throw new Error(`the report has no ${key}`);
  return line === 'null' ? null : (JSON.parse(line) as string);
}

/** What the status comment shows for a field (unescaped enough to compare), or null when it shows none. */
function shown(status: string, label: string): string | null {
  const line = new RegExp(`^\\*\\*${label}:\\*\\* (.*)$`, 'm').exec(status)?.[1];
  return line === undefined ? null : line.replace(/\\(.)/g, '$1').replace(/\u200b/g, '');
}

describe.each(examples)('%s: the status comment and the report agree', (file) => {
  it('on summary, impact, impact start, severity and roles', async () => {
    const result = await run(file);
    const isStatus = (c: FinalIssue['comments'][number]) =>
      c.author === 'incident-responder[bot]' && c.body.includes('incident-responder:status');
    const [repoName, incident] =
      Object.entries(result.final).flatMap(([name, repo]) =>
        ((repo as { issues?: FinalIssue[] }).issues ?? [])
          .filter((i) => i.comments.some(isStatus))
          .map((i) => [name, i] as const),
      )[0] ?? [];
    const status = incident?.comments.find(isStatus)?.body ?? '';
    expect(status).not.toBe('');
    // The first incident's report: in an open pull request, or on the default branch once merged.
    const pulls = Object.values(result.final).flatMap((repo) => (repo as { pulls?: FinalPull[] }).pulls ?? []);
    const merged = Object.values(result.final).flatMap((repo) =>
      Object.values((repo as { files?: Record<string, string> }).files ?? {}),
    );
    const report =
      [...pulls.flatMap((p) => Object.values(p.files)), ...merged].find(
        (f) => f.startsWith('---') && f.includes(`\nincident: "${repoName}#${incident?.number}"\n`),
      ) ?? '';
    expect(report).not.toBe('');

    expect(shown(status, 'Summary')).toBe(front(report, 'summary'));
    expect(shown(status, 'Impact')).toBe(front(report, 'impact'));
    const impactStart = front(report, 'impact_start');
    expect(shown(status, 'Impact started')).toBe(
      impactStart === null ? null : impactStart.replace('T', ' ').replace(/:00\.000Z$/, ' UTC'),
    );
    const severity = /^Severity: \*\*([^*]+)\*\*/m.exec(status)?.[1] ?? null;
    expect(severity === 'not set' ? null : severity).toBe(front(report, 'severity'));
    const role = (name: string) => new RegExp(`${name}: (?:\`([^\`]+)\`|_unassigned_)`).exec(status)?.[1] ?? null;
    expect(role('Lead')).toBe(front(report, 'lead'));
    expect(role('Scribe')).toBe(front(report, 'scribe'));
    expect(role('Comms')).toBe(front(report, 'comms'));
    // learn-across-incidents.yml plays three incidents over three days.
  }, 120_000);
});
