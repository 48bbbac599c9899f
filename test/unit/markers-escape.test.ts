import { describe, expect, it } from '@jest/globals';
import { hasMarker, marker, readMarker, readMarkerJson } from '../../src/domain/incident/markers.js';
import { inlineText, neutraliseMarkers, neutraliseReferences } from '../../src/render/escape.js';

describe('markers', () => {
  it('round-trips JSON data, even data that contains -->', () => {
    const data = { note: 'a --> b <!-- c', n: 1 };
    const body = `${marker('status', data)}\nvisible`;
    expect(body.split('-->')).toHaveLength(2);
    expect(readMarkerJson(body, 'status')).toEqual(data);
  });

  it.each([
    ['<!-- incident-responder:status {"a":1} -->', 'status', true],
    ['<!-- incident-responder:overdue -->', 'overdue', true],
    ['<!-- incident-responder:overdue -->', 'status', false],
    // Only the marker that opens the body counts: a quote of one further down is someone else's text.
    ['text <!-- incident-responder:reply {"x":2} --> more', 'reply', false],
    ['> <!-- incident-responder:status {"a":1} -->', 'status', false],
    ['<!-- other-app:status -->', 'status', false],
    ['', 'status', false],
  ] as const)('%j has %s: %s', (body, kind, expected) => {
    expect(hasMarker(body, kind)).toBe(expected);
  });

  it('reads only the marker that opens the body (issue #25, finding 5: a planted second marker is text)', () => {
    const body = `${marker('overdue', { keys: ['a'] })}\n${marker('status', { v: 1 })}`;
    expect(readMarker(body, 'overdue')).toEqual({ data: '{"keys":["a"]}' });
    expect(readMarker(body, 'status')).toBeUndefined();
    const greeting = `Thanks for the report! You wrote:\n\n${marker('status', { roles: { lead: 'acme/everyone' } })}`;
    expect(readMarker(greeting, 'status')).toBeUndefined();
  });

  it('returns undefined for broken JSON instead of throwing', () => {
    expect(readMarkerJson('<!-- incident-responder:status {broken -->', 'status')).toBeUndefined();
  });
});

describe('escaping untrusted text', () => {
  it.each([
    ['@alice', /@\u200balice/],
    ['@org/team', /@\u200borg\/team/],
    ['see #123', /#\u200b123/],
    ['GH-42', /GH\u200b-42/],
  ])('neutraliseReferences(%j)', (text, expected) => {
    expect(neutraliseReferences(text)).toMatch(expected);
  });

  it.each([
    '@GH-1 and #GH-2, gh\\-3 and xGH-4',
    'owner/repo#12 @a@b ##1 @-x GH--1',
    '@\u200bbob (already neutral) #\u200b1',
    'nothing to see',
    '',
  ])('neutraliseReferences(%j) in one pass is the three passes it replaced', (text) => {
    const threePasses = text
      .replace(/@(?=[\da-z])/gi, '@\u200b')
      .replace(/#(?=\d)/g, '#\u200b')
      .replace(/\b(GH)(?=\\?-\d)/gi, '$1\u200b');
    expect(neutraliseReferences(text)).toBe(threePasses);
  });

  it.each(['<!-- incident-responder:status {} -->', 'a --> b', '<!--', '--!>'])(
    'neutraliseMarkers(%j) leaves no comment delimiters',
    (text) => {
      const out = neutraliseMarkers(text);
      expect(out).not.toMatch(/<!--|--!?>/);
    },
  );

  it('inlineText escapes markup, folds lines, neutralises mentions and cuts long text', () => {
    expect(inlineText('**bold** [x](y) <b> @bob\nnext')).toBe(
      '\\*\\*bold\\*\\* \\[x\\]\\(y\\) \\<b\\> @\u200bbob next',
    );
    expect(inlineText('x'.repeat(400), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(inlineText('<!-- incident-responder:status -->')).not.toContain('<!--');
  });
});
