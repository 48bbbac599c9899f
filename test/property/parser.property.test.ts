import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseIncident } from '../../src/domain/checklist.js';
import { formatDeadline, formatMinutes, parseDeadlineCode, parseDurationText } from '../../src/domain/deadlines.js';
import type { Anchor, Deadline } from '../../src/domain/types.js';
import { defaultParseOptions } from '../helpers/options.js';

/**
 * Properties of the parser and the deadline grammar, 1,000 runs each (fast-check shrinks a failure to
 * a minimal input). GitHub's body limit: https://docs.github.com/en/rest/issues/issues#create-an-issue
 */
const GITHUB_BODY_LIMIT = 65_536;
const RUNS = { numRuns: 1_000 };
const options = defaultParseOptions();

/** Pieces of markdown that reach the parser's corners: tasks, deadlines, headings, quotes, fields, HTML. */
const FRAGMENTS = [
  '- [ ] ', '- [x] ', '* [X] ', '1. [ ] ', '  - ', '    ', '> ', '\n', '\n\n', '`', '``', '```\n', '~~~\n',
  '`15 min`', '`1-2 days`', '`every 30 min`', '`immediately`', '`4 hrz`', '`2h after mitigation`',
  'within 24-48 hours of incident resolution', 'every 30 minutes', 'Daytime: ', 'Off-hours: ',
  '## ', '### Severity\n\nHigh\n', '## High incidents\n', '## After the incident\n', '## Action items\n',
  '**Severity:** High', '**Impact start:** 2026-11-23 09:50 UTC', '_No response_', '<input type="checkbox">',
  '<details>', '</details>', '<!-- x -->', '[link](https://example.com)', '**', '_', '@alice', '#12', '|', '\\',
];

const markdownish = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 80 })
  .map((parts) => parts.join(''));

/** Up to 65,536 characters, built cheaply: a generated piece repeated, then cut to GitHub's limit. */
const githubSized = fc.tuple(markdownish, fc.integer({ min: 1, max: 4_000 })).map(([piece, times]) => piece.repeat(times).slice(0, GITHUB_BODY_LIMIT));

describe('the parser is total', () => {
  it('never throws on any string up to 65,536 characters, and gives a well-formed model', () => {
    fc.assert(
      fc.property(fc.oneof(markdownish, githubSized, fc.string({ unit: 'binary', maxLength: 400 })), (body) => {
        const incident = parseIncident({ body, options });
        const ids = incident.steps.map((s) => s.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const step of incident.steps) {
          expect(step.id).toMatch(/^[0-9a-f]{12}$/);
          expect(step.text).not.toBe('');
          expect(step.line).toBeGreaterThanOrEqual(1);
        }
        for (const warning of incident.warnings) expect(warning.line).toBeGreaterThanOrEqual(1);
      }),
      RUNS,
    );
  });
});

const DEADLINE_CODES = ['`15 min`', '`1 hr`', '`4 hrs`', '`1-2 days`', '`every 30 min`', '`immediately`', '`2 days after resolution`', ''];
const item = fc.record({
  checked: fc.boolean(),
  depth: fc.integer({ min: 0, max: 2 }),
  deadline: fc.constantFrom(...DEADLINE_CODES),
  text: fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,24}[A-Za-z]$/),
});
const section = fc.record({
  heading: fc.constantFrom('', '## During the incident', '## High incidents', '## After the incident', '### Communication'),
  items: fc.array(item, { minLength: 1, maxLength: 8 }),
});

function render(sections: ReadonlyArray<{ heading: string; items: ReadonlyArray<{ checked: boolean; depth: number; deadline: string; text: string }> }>): string {
  const lines: string[] = [];
  for (const s of sections) {
    if (s.heading) lines.push(s.heading, '');
    let depth = 0;
    for (const i of s.items) {
      // A child may only be one level deeper than the item above it.
      depth = Math.min(i.depth, depth + 1);
      lines.push(`${'  '.repeat(depth)}- [${i.checked ? 'x' : ' '}] ${i.deadline ? `${i.deadline} ` : ''}${i.text}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

describe('ticking one box', () => {
  it('changes exactly that step\'s `checked`, and no step id', () => {
    fc.assert(
      fc.property(fc.array(section, { minLength: 1, maxLength: 4 }), fc.nat(), (sections, pick) => {
        const body = render(sections);
        const before = parseIncident({ body, options });
        fc.pre(before.steps.length > 0);
        const target = before.steps[pick % before.steps.length];
        if (!target) return;
        const lines = body.split('\n');
        const line = lines[target.line - 1] ?? '';
        lines[target.line - 1] = line.replace(/\[( |x)\]/, target.checked ? '[ ]' : '[x]');
        const after = parseIncident({ body: lines.join('\n'), options });
        expect(after.steps.map((s) => s.id)).toEqual(before.steps.map((s) => s.id));
        const changed = after.steps.filter((s, i) => s.checked !== before.steps[i]?.checked);
        expect(changed.map((s) => s.id)).toEqual([target.id]);
      }),
      RUNS,
    );
  });
});

const ANCHORS: Anchor[] = ['start', 'acknowledged', 'mitigated', 'resolved'];
/** Whole minutes up to four weeks: what templates write. */
const minutes = fc.integer({ min: 1, max: 4 * 7 * 24 * 60 });
const deadline: fc.Arbitrary<Deadline> = fc.oneof(
  fc.record({ anchor: fc.constantFrom(...ANCHORS), m: minutes }).map(({ anchor, m }) => ({ anchor, minMinutes: m, maxMinutes: m, everyMinutes: null, variants: null })),
  fc.record({ anchor: fc.constantFrom(...ANCHORS), a: fc.integer({ min: 0, max: 14 * 24 * 60 }), b: minutes }).map(({ anchor, a, b }) => ({ anchor, minMinutes: Math.min(a, b), maxMinutes: Math.max(a, b), everyMinutes: null, variants: null })),
  fc.record({ anchor: fc.constantFrom(...ANCHORS), m: minutes }).map(({ anchor, m }) => ({ anchor, minMinutes: m, maxMinutes: m, everyMinutes: m, variants: null })),
  fc.constantFrom(...ANCHORS).map((anchor) => ({ anchor, minMinutes: 0, maxMinutes: 0, everyMinutes: null, variants: null })),
);

describe('deadline text round-trips through the grammar', () => {
  it('parseDeadlineCode(formatDeadline(d)) is d', () => {
    fc.assert(
      fc.property(deadline, fc.constantFrom<Anchor>('start', 'resolved'), (d, defaultAnchor) => {
        // An explicit anchor wins over the section's; "start" is written as no anchor at all.
        const sectionAnchor = d.anchor === 'start' ? 'start' : defaultAnchor;
        const parsed = parseDeadlineCode({ code: formatDeadline(d), defaultAnchor: sectionAnchor });
        expect(parsed).toEqual({ kind: 'deadline', deadline: d });
      }),
      RUNS,
    );
  });

  it('parseDurationText(formatMinutes(m)) is m', () => {
    fc.assert(
      fc.property(minutes, (m) => {
        expect(parseDurationText(formatMinutes(m))).toBe(m);
      }),
      RUNS,
    );
  });
});
