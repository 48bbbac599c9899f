import { describe, expect, it } from '@jest/globals';
import { parseMetadata } from '../../src/domain/incident/metadata.js';
import { resolveSeverity } from '../../src/domain/template/severity.js';

/**
 * Issue #25, finding 5: the metadata is read back from a comment, and a comment's text is untrusted.
 * The attack as it was run planted lead `acme/everyone` (warnings then pinged a whole team), severity
 * `low` and summary "False alarm"; every such value must be checked for its kind, and fall back alone.
 */
const planted = (data: Record<string, unknown>) => parseMetadata(JSON.stringify({ v: 1, ...data }));

describe('metadata read back from the status comment is untrusted', () => {
  it.each([
    [
      'a team as lead',
      { roles: { lead: 'acme/everyone', scribe: 'bob' } },
      (m: ReturnType<typeof planted>) => m.roles,
      { lead: null, scribe: 'bob', comms: null },
    ],
    ['an email as comms', { roles: { comms: 'a@b.c' } }, (m: ReturnType<typeof planted>) => m.roles.comms, null],
    ['a login with a space', { roles: { lead: 'alice bob' } }, (m: ReturnType<typeof planted>) => m.roles.lead, null],
    ['a real login', { roles: { lead: 'alice-1' } }, (m: ReturnType<typeof planted>) => m.roles.lead, 'alice-1'],
    [
      'a summary longer than a command can set',
      { summary: 'x'.repeat(1_001) },
      (m: ReturnType<typeof planted>) => m.summary,
      null,
    ],
    [
      'a summary a command can set',
      { summary: 'Checkout fails' },
      (m: ReturnType<typeof planted>) => m.summary,
      'Checkout fails',
    ],
    [
      'a javascript: link for a follow-up',
      {
        followUps: {
          a: { repo: 'o/r', number: 1, title: 't', state: 'open', subIssue: false, url: 'javascript:alert(1)' },
        },
      },
      (m: ReturnType<typeof planted>) => m.followUps,
      {},
    ],
    [
      'a report in a repository that is no name',
      { report: { repo: '../../x', number: 1, url: 'https://github.com/o/r/pull/1', resolvedAt: null } },
      (m: ReturnType<typeof planted>) => m.report,
      null,
    ],
    ['a tick credited to a team', { tickedBy: { s1: 'org/team' } }, (m: ReturnType<typeof planted>) => m.tickedBy, {}],
    [
      'a fact credited to a team',
      { facts: { lead: { at: '2026-01-01T00:00:00Z', by: 'org/team', via: 'x' } } },
      (m: ReturnType<typeof planted>) => m.facts.lead?.by,
      null,
    ],
    [
      'a map with more entries than any incident makes',
      { warned: Object.fromEntries(Array.from({ length: 2_001 }, (_, i) => [`s${i}`, '2026-01-01T00:00:00Z'])) },
      (m: ReturnType<typeof planted>) => Object.keys(m.warned).length,
      0,
    ],
  ])('%s', (_name, data, pick, expected) => {
    expect(pick(planted(data))).toEqual(expected);
  });

  it('a severity read back counts only when it is a configured level', () => {
    const levels = [
      { name: 'high', label: 'sev:high' },
      { name: 'medium', label: 'sev:medium' },
    ] as never;
    const resolve = (commandSeverity: string | null) =>
      resolveSeverity({ labels: [], levels, commandSeverity, bodySeverity: 'medium' });
    expect(resolve('low')).toEqual({ level: 'medium', source: 'body' });
    expect(resolve('High')).toEqual({ level: 'high', source: 'command' });
    expect(resolve(null)).toEqual({ level: 'medium', source: 'body' });
  });
});
