import { describe, expect, it } from '@jest/globals';
import { helpText, parseCommands } from '../../src/domain/commands/parse.js';
import { VERBS } from '../../src/domain/commands/registry.js';
import type { SeverityLevel } from '../../src/domain/template/severity.js';

const levels: SeverityLevel[] = [
  { name: 'high', label: 'severity: high', aliases: ['sev1'] },
  { name: 'low', label: 'severity: low', aliases: [] },
];
const parse = (body: string, prefix = '/incident') => parseCommands({ body, prefix, levels });

describe('parseCommands: every verb', () => {
  it.each([
    ['/incident help', { verb: 'help' }],
    ['/incident severity high', { verb: 'severity', level: 'high' }],
    ['/incident severity SEV1', { verb: 'severity', level: 'high' }],
    ['/incident sev low', { verb: 'severity', level: 'low' }],
    ['/incident summary Checkout is down', { verb: 'summary', text: 'Checkout is down' }],
    ['/incident impact 30% of card payments fail', { verb: 'impact', text: '30% of card payments fail' }],
    ['/incident lead @alice', { verb: 'lead', login: 'alice' }],
    ['/incident scribe bob', { verb: 'scribe', login: 'bob' }],
    ['/incident comms @carol-d', { verb: 'comms', login: 'carol-d' }],
    ['/incident status Rolled back', { verb: 'status', text: 'Rolled back' }],
    ['/incident note Saw disk pressure', { verb: 'note', text: 'Saw disk pressure' }],
    ['/incident action Add an alert @dave', { verb: 'action', text: 'Add an alert @dave' }],
    ['/incident ack', { verb: 'ack' }],
    ['/incident acknowledge', { verb: 'ack' }],
    ['/incident mitigated', { verb: 'mitigated' }],
    ['/incident resolved', { verb: 'resolved' }],
    ['/incident start 2026-11-23 13:40 UTC', { verb: 'start', at: '2026-11-23T13:40:00.000Z' }],
    ['/incident report', { verb: 'report' }],
    ['/incident stats', { verb: 'stats' }],
    ['  /INCIDENT Status  spaced  ', { verb: 'status', text: 'spaced' }],
  ])('%j', (body, command) => {
    expect(parse(body)).toEqual([{ line: 1, raw: body.trim(), ok: true, command }]);
  });
});

describe('parseCommands: usage errors', () => {
  it.each([
    ['/incident severity purple', /^not a severity level \(high, low\). Usage: `\/incident severity LEVEL`/],
    ['/incident severity', /the level is missing/],
    ['/incident summary', /the text is missing. Usage: `\/incident summary TEXT`/],
    ['/incident lead', /the person is missing/],
    ['/incident lead @@x y', /^not a GitHub login/],
    ['/incident start yesterday', /^not a time with a date/],
    ['/incident ack now', /takes no arguments/],
    ['/incident stats for 2026', /takes no arguments/],
    ['/incident frobnicate', /^unknown command\. Commands: help, severity/],
    ['/incident', /a command is missing/],
    [`/incident note ${'x'.repeat(1001)}`, /longer than 1000 characters/],
  ])('%j', (body, message) => {
    const [line] = parse(body);
    expect(line?.ok).toBe(false);
    expect(line && !line.ok ? line.error : '').toMatch(message);
  });
});

describe('parseCommands: what is not a command', () => {
  it.each([
    ['no command here'],
    ['> /incident resolved'],
    ['```\n/incident resolved\n```'],
    ['~~~\n/incident resolved\n~~~'],
    ['    /incident resolved'],
    ['/incidents resolved'],
    ['use /incident resolved when done'],
  ])('%j', (body) => {
    expect(parse(body)).toEqual([]);
  });

  it('reads one command per line, with line numbers, and a configured prefix', () => {
    expect(parse('hi\n/ir ack\n/ir status ok', '/ir').map((l) => [l.line, l.ok])).toEqual([
      [2, true],
      [3, true],
    ]);
  });
});

describe('helpText', () => {
  it('documents every verb', () => {
    const help = helpText('/incident');
    for (const verb of VERBS) expect(help).toContain(`/incident ${verb}`);
  });
});
