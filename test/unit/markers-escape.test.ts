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
    ['text <!-- incident-responder:reply {"x":2} --> more', 'reply', true],
    ['<!-- other-app:status -->', 'status', false],
    ['', 'status', false],
  ] as const)('%j has %s: %s', (body, kind, expected) => {
    expect(hasMarker(body, kind)).toBe(expected);
  });

  it('reads the first marker of the kind asked for', () => {
    const body = `${marker('overdue', { keys: ['a'] })}\n${marker('status', { v: 1 })}`;
    expect(readMarker(body, 'status')).toEqual({ data: '{"v":1}' });
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
