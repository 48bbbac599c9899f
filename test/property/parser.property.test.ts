import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MAX_ACTION_ITEMS, MAX_STEPS, parseIncident } from '../../src/domain/template/checklist.js';
import { stepsAfterTicks } from '../../src/domain/incident/tick-diff.js';
import {
  findDeadlinePhrase,
  formatDeadline,
  formatMinutes,
  parseDeadlineCode,
  parseDurationText,
} from '../../src/domain/template/deadlines.js';
import { ANCHORS, type Anchor, type Deadline, type Incident } from '../../src/domain/template/types.js';
import { defaultParseOptions } from '../helpers/options.js';
import { seedPropertyRuns } from '../helpers/property-seed.js';

seedPropertyRuns();

/**
 * Properties of the parser and the deadline grammar, 1,000 runs each (fast-check shrinks a failure to
 * a minimal input and prints the seed to replay it). The one exception is the property that always
 * fills the body to GitHub's limit: a few dozen runs, each a full-size parse.
 * GitHub's body limit: https://docs.github.com/en/rest/issues/issues#create-an-issue
 */
const GITHUB_BODY_LIMIT = 65_536;
const RUNS = { numRuns: 1_000 };
const options = defaultParseOptions();
const LEVEL_NAMES = options.levels.map((l) => l.name);

// ---------------------------------------------------------------------------------------------
// 1. The parser is total and its model is well-formed.
// ---------------------------------------------------------------------------------------------

/** Pieces of markdown that reach the parser's corners: tasks, deadlines, headings, quotes, fields, HTML. */
const FRAGMENTS = [
  '- [ ] ',
  '- [x] ',
  '* [X] ',
  '+ [ ] ',
  '1. [ ] ',
  '- []',
  '- [ ]text',
  '  ',
  '  - ',
  '    ',
  '      - [ ] ',
  '\t',
  '> ',
  '> > ',
  '\n',
  '\n\n',
  '\r\n',
  '\r',
  '`',
  '``',
  '```\n',
  '~~~\n',
  '`15 min`',
  '`1-2 days`',
  '`every 30 min`',
  '`immediately`',
  '`4 hrz`',
  '`2h after mitigation`',
  '`every blue moon`',
  'every 30 min',
  'every 30 minutes',
  'within 24-48 hours of incident resolution',
  'Daytime:',
  'Off-hours:',
  ' Daytime / ',
  ' Off-hours',
  '## ',
  '### ',
  '### Severity\n\n',
  '### Severity\n\nHigh\n',
  '## High incidents\n',
  '## Medium/Low incidents\n',
  '## After the incident\n',
  '## Action items\n',
  '**Severity:** High',
  '**Severity:** Sev 9',
  '**Impact start:** 2026-11-23 09:50 UTC',
  '_No response_',
  '_High/Medium/Low_',
  '<input type="checkbox">',
  '<input type=checkbox checked>',
  '<details>',
  '</details>',
  '<!-- x -->',
  '[link](https://example.com)',
  '[x]: https://example.com',
  '**',
  '_',
  '~~',
  '@alice',
  '#12',
  '|',
  '| --- |',
  '\\',
  '&amp;',
  '\u0000',
  '\u200b',
  'é',
  '👩‍🚒',
];

/** Any UTF-16 code unit, lone surrogates included (an issue body is JSON and may carry them). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const arbitraryText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.string({ unit: codeUnit, maxLength: 6 }),
);
/** Fragments run together anywhere: markup in the middle of a line, half a construct, stray line ends. */
const fragmentSoup = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), arbitraryText), { maxLength: 80 })
  .map((parts) => parts.join(''));

/** Line by line, so list markers, headings, quotes and fences land where they take effect: at a line's start. */
const LINE_INDENTS = ['', '', '  ', '   ', '    ', '      ', '\t', '> ', '> > ', '>   ', '  > '];
const LINE_STARTS = [
  '',
  '',
  '- [ ] ',
  '- [x] ',
  '* [X] ',
  '+ [ ] ',
  '1. [ ] ',
  '3) [x] ',
  '- ',
  '* ',
  '- []',
  '- [ ]text',
  '- [ ]',
  '- [x]',
  '- <input type="checkbox"> ',
  '- <input type=checkbox checked>',
  '- <input type="checkbox">',
  '## ',
  '### ',
  '#',
  '```',
  '~~~',
  '---',
  '===',
];
const markdownLine = fc
  .tuple(
    fc.constantFrom(...LINE_INDENTS),
    fc.constantFrom(...LINE_STARTS),
    fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS.filter((f) => !/[\r\n]/.test(f))), arbitraryText), { maxLength: 6 }),
  )
  .map(([indent, start, parts]) => `${indent}${start}${parts.join('')}`);
const markdownLines = fc.array(markdownLine, { maxLength: 40 }).map((lines) => lines.join('\n'));

const markdownish = fc.oneof(fragmentSoup, markdownLines);
/** Long stretches of unicode with no markdown in mind. */
const unicodeText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 2_000 }),
  fc.string({ unit: codeUnit, maxLength: 2_000 }),
);

/**
 * Shrinking re-parses the body at every step; on bodies of GitHub size an unbounded shrink of a failure
 * takes many minutes, so it is capped (the report still gives the seed and path to replay it).
 */
const LARGE_BODY_SHRINKS = 200;

/** Up to 65,536 characters, built cheaply: a few generated pieces concatenated, the result repeated, cut to the limit. */
const upToGithubSize = fc.limitShrink(
  fc
    .tuple(
      fc.array(fc.oneof(markdownish, unicodeText), { minLength: 1, maxLength: 3 }),
      fc.integer({ min: 1, max: 4_000 }),
    )
    .map(([pieces, times]) => pieces.join('').repeat(times).slice(0, GITHUB_BODY_LIMIT)),
  LARGE_BODY_SHRINKS,
);

/** Exactly 65,536 characters (when the piece is not empty): the worst size GitHub lets through. */
const githubSize = fc.limitShrink(
  fc
    .array(fc.oneof(markdownish, unicodeText), { minLength: 1, maxLength: 3 })
    .map((pieces) => pieces.join(''))
    .filter((piece) => piece.length > 0)
    .map((piece) => piece.repeat(Math.ceil(GITHUB_BODY_LIMIT / piece.length)).slice(0, GITHUB_BODY_LIMIT)),
  LARGE_BODY_SHRINKS,
);

/**
 * What is wrong with a model, as readable lines (empty = well-formed). Plain checks collected into one
 * `expect`: a full-size body has hundreds of steps and warnings, and an `expect` per field costs seconds.
 */
function deadlineProblems(d: Deadline): string[] {
  const problems: string[] = [];
  if (!ANCHORS.includes(d.anchor)) problems.push(`unknown anchor ${String(d.anchor)}`);
  if (!Number.isFinite(d.minMinutes) || !Number.isFinite(d.maxMinutes)) problems.push('minutes not finite');
  if (!(d.minMinutes >= 0 && d.minMinutes <= d.maxMinutes))
    problems.push(`not 0 <= min ${d.minMinutes} <= max ${d.maxMinutes}`);
  if (d.everyMinutes !== null && !(d.everyMinutes > 0 && d.variants === null))
    problems.push(`bad interval ${d.everyMinutes}`);
  if (d.variants) {
    const both = [d.variants.daytime, d.variants['off-hours']];
    if (d.minMinutes !== Math.min(...both) || d.maxMinutes !== Math.max(...both))
      problems.push('min/max do not span the variants');
  }
  return problems;
}

function modelProblems(incident: Incident, body: string): string[] {
  const problems: string[] = [];
  // markdown-it counts \r\n, \r and \n as line ends.
  const lineCount = body.split(/\r\n?|\n/).length;
  const checkLine = (what: string, line: number): void => {
    if (!(Number.isInteger(line) && line >= 1 && line <= lineCount))
      problems.push(`${what}: line ${line} outside 1..${lineCount}`);
  };
  if (!Array.isArray(incident.steps) || !Array.isArray(incident.actionItems) || !Array.isArray(incident.warnings))
    return ['not arrays'];
  if (incident.steps.length > MAX_STEPS) problems.push(`${incident.steps.length} steps`);
  if (incident.actionItems.length > MAX_ACTION_ITEMS) problems.push(`${incident.actionItems.length} action items`);

  const ids = [...incident.steps.map((s) => s.id), ...incident.actionItems.map((a) => a.id)];
  if (new Set(ids).size !== ids.length) problems.push('duplicate ids');
  for (const id of ids) if (typeof id !== 'string' || !/^[0-9a-f]{12}$/.test(id)) problems.push(`bad id ${String(id)}`);

  let previousLine = 0;
  for (const step of incident.steps) {
    const where = `step ${step.id}`;
    if (typeof step.text !== 'string' || step.text === '' || step.text !== step.text.trim())
      problems.push(`${where}: text ${JSON.stringify(step.text)}`);
    if (typeof step.checked !== 'boolean' || typeof step.postIncident !== 'boolean')
      problems.push(`${where}: checked/postIncident not boolean`);
    if (!(Number.isInteger(step.depth) && step.depth >= 0)) problems.push(`${where}: depth ${step.depth}`);
    checkLine(where, step.line);
    if (step.line < previousLine) problems.push(`${where}: out of body order`);
    previousLine = step.line;
    if (step.section !== null && typeof step.section !== 'string') problems.push(`${where}: section`);
    for (const s of step.severities ?? []) if (!LEVEL_NAMES.includes(s)) problems.push(`${where}: severity ${s}`);
    if (step.deadline) problems.push(...deadlineProblems(step.deadline).map((p) => `${where}: ${p}`));
  }
  for (const item of incident.actionItems) {
    const where = `action item ${item.id}`;
    if (item.text === '' || typeof item.checked !== 'boolean') problems.push(`${where}: text or checked`);
    checkLine(where, item.line);
    if (new Set(item.mentions).size !== item.mentions.length) problems.push(`${where}: repeated mentions`);
  }
  previousLine = 0;
  for (const warning of incident.warnings) {
    checkLine('warning', warning.line);
    if (warning.line < previousLine) problems.push('warnings not sorted by line');
    previousLine = warning.line;
    if (typeof warning.message !== 'string' || warning.message === '') problems.push('empty warning');
  }
  for (const [label, value] of Object.entries(incident.fields)) {
    if (label === '' || label !== label.trim() || typeof value !== 'string' || value !== value.trim())
      problems.push(`field ${JSON.stringify(label)}`);
  }
  if (incident.severity !== null && !LEVEL_NAMES.includes(incident.severity))
    problems.push(`severity ${incident.severity}`);
  return problems;
}

describe('the parser is total', () => {
  it('never throws on any string up to 65,536 characters, and gives a well-formed model', () => {
    fc.assert(
      fc.property(fc.oneof(markdownish, unicodeText, upToGithubSize), (body) => {
        expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
        const incident = parseIncident({ body, options });
        expect(modelProblems(incident, body)).toEqual([]);
        // Ids and everything else depend on the body alone: a second parse gives the same model.
        if (body.length <= 4_000) expect(parseIncident({ body, options })).toEqual(incident);
      }),
      // Inputs a run once found, kept: answers with no label made a field named "".
      { ...RUNS, examples: [['>   - [x] _High/Medium/Low_- [ ] \n  > - [x] **Severity:** High']] },
    );
  });

  it('reads a body the same whatever its line endings: \\n, \\r\\n (browsers) or a lone \\r', () => {
    fc.assert(
      fc.property(markdownish, (raw) => {
        const body = raw.replace(/\r\n?/g, '\n');
        const incident = parseIncident({ body, options });
        expect(parseIncident({ body: body.replace(/\n/g, '\r\n'), options })).toEqual(incident);
        expect(parseIncident({ body: body.replace(/\n/g, '\r'), options })).toEqual(incident);
      }),
      RUNS,
    );
  });

  it('never throws on bodies filled to exactly 65,536 characters (a few dozen full-size parses)', () => {
    fc.assert(
      fc.property(githubSize, (body) => {
        expect(body).toHaveLength(GITHUB_BODY_LIMIT);
        expect(modelProblems(parseIncident({ body, options }), body)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Ticking one box changes that step's `checked` and nothing else.
// ---------------------------------------------------------------------------------------------

/** Valid deadline code spans (and one that only warns), as a step writes them after its box. */
const DEADLINE_SPANS = [
  '',
  '',
  '`15 min` ',
  '`1 hr` ',
  '`4 hrs` ',
  '`1-2 days` ',
  '`every 30 min` ',
  '`immediately` ',
  '`2 days after resolution` ',
  '`2h after mitigation` ',
  '`4 hrs` Daytime / `8 hrs` Off-hours ',
  '`4 hrz` ',
];
/** What may sit under a step and is not a task: plain bullets, bullets carrying deadlines, quoted notes. */
const CHILD_LINES = [
  '- a plain note',
  '- `15 min` Daytime',
  '- `1 hr` Off-hours',
  '- `every 30 min`',
  '> within 2 hours of mitigation',
  '> every 15 minutes',
];
const LETTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const letter = fc.constantFrom(...LETTERS);
/** A small pool so the same text recurs (ids then count occurrences), plus random safe text. */
const stepText = fc.oneof(
  fc.constantFrom('Page the on-call', 'Open a bridge', 'Post an update', 'Notify support', 'Write the timeline', 'x'),
  // Letters, with spaces inside: from an alphabet rather than a regex, so no lint rule rewrites its classes.
  fc
    .tuple(letter, fc.string({ unit: fc.constantFrom(...LETTERS, ' '), maxLength: 24 }), letter)
    .map(([a, b, c]) => `${a}${b}${c}`)
    // Letters can spell an answer ("No", "Si", "Ja"): an answer is not a step wherever it stands (issue 26),
    // so the generator keeps the texts that a lone task item reads as a step.
    .filter((text) => parseIncident({ body: `- [ ] ${text}\n`, options }).steps.length === 1),
);

const itemArb = fc.record({
  marker: fc.constantFrom('-', '*', '+', '1.'),
  box: fc.constantFrom(' ', 'x', 'X'),
  depth: fc.integer({ min: 0, max: 3 }),
  deadline: fc.constantFrom(...DEADLINE_SPANS),
  text: stepText,
  child: fc.option(fc.constantFrom(...CHILD_LINES), { freq: 3 }),
});
type Item = typeof itemArb extends fc.Arbitrary<infer T> ? T : never;

const sectionArb = fc.record({
  heading: fc.constantFrom(
    '',
    '## During the incident',
    '## High incidents',
    '## Medium/Low incidents',
    '### Communication',
    '## After the incident',
    '## Post-Incident Review',
    '## Action items',
  ),
  quoted: fc.boolean(),
  items: fc.array(itemArb, { minLength: 1, maxLength: 8 }),
});
type Section = typeof sectionArb extends fc.Arbitrary<infer T> ? T : never;

const checklistArb = fc.record({
  severityLine: fc.constantFrom('', '**Severity:** High', '**Severity:** Low'),
  // A definition labelled `x` makes CommonMark read `[x]` as a link; the step must stay a ticked step.
  reference: fc.constantFrom(
    '',
    '[docs]: https://example.com/runbook',
    '[1]: https://example.com',
    '[x]: https://example.com/runbook',
    '[X]: https://example.com',
  ),
  sections: fc.array(sectionArb, { minLength: 1, maxLength: 4 }),
});

function renderItems(items: readonly Item[]): string[] {
  const lines: string[] = [];
  // Content column of the open item at each depth, so a child sits where CommonMark nests it.
  const columns: number[] = [];
  for (const item of items) {
    // A child may only be one level deeper than the item above it.
    const depth = Math.min(item.depth, columns.length);
    columns.length = depth;
    const indent = depth === 0 ? 0 : (columns[depth - 1] ?? 0);
    lines.push(`${' '.repeat(indent)}${item.marker} [${item.box}] ${item.deadline}${item.text}`);
    const column = indent + item.marker.length + 1;
    columns.push(column);
    if (item.child !== null) lines.push(`${' '.repeat(column)}${item.child}`);
  }
  return lines;
}

function renderChecklist(checklist: { severityLine: string; reference: string; sections: readonly Section[] }): string {
  const lines: string[] = [];
  if (checklist.severityLine) lines.push(checklist.severityLine, '');
  for (const s of checklist.sections) {
    if (s.heading) lines.push(s.heading, '');
    const items = renderItems(s.items);
    lines.push(...(s.quoted ? items.map((l) => `> ${l}`) : items), '');
  }
  if (checklist.reference) lines.push(checklist.reference, '');
  return lines.join('\n');
}

/** The boxes of the items that are steps (everything outside "Action items" and its subsections), in body order. */
function stepBoxes(sections: readonly Section[]): boolean[] {
  let inActionItems = false;
  const boxes: boolean[] = [];
  for (const s of sections) {
    // A `##` heading ends the previous `##` section; `###` and no heading stay inside it.
    if (s.heading.startsWith('## ')) inActionItems = s.heading === '## Action items';
    if (!inActionItems) boxes.push(...s.items.map((i) => i.box !== ' '));
  }
  return boxes;
}

describe('ticking one box', () => {
  it("changes exactly that step's `checked`: no id, no other step, no other field", () => {
    fc.assert(
      fc.property(checklistArb, fc.nat(), fc.constantFrom('x', 'X'), (checklist, pick, tick) => {
        const body = renderChecklist(checklist);
        const before = parseIncident({ body, options });
        // The generator makes what it means to: one step per item outside "Action items", boxes as written.
        expect(before.steps.map((s) => s.checked)).toEqual(stepBoxes(checklist.sections));
        fc.pre(before.steps.length > 0);

        const target = before.steps[pick % before.steps.length];
        if (!target) throw new Error('unreachable: pick is reduced modulo the step count');
        const lines = body.split('\n');
        const line = lines[target.line - 1] ?? '';
        const flipped = line.replace(/\[[ x]\]/i, target.checked ? '[ ]' : `[${tick}]`);
        expect(flipped).not.toBe(line);
        lines[target.line - 1] = flipped;
        const after = parseIncident({ body: lines.join('\n'), options });

        expect(after.steps.map((s) => s.id)).toEqual(before.steps.map((s) => s.id));
        const changed = after.steps.filter((s, i) => s.checked !== before.steps[i]?.checked);
        expect(changed.map((s) => s.id)).toEqual([target.id]);
        // Apart from that one `checked`, the model is the same.
        const untick = (incident: Incident): Incident => ({
          ...incident,
          steps: incident.steps.map((s) => (s.id === target.id ? { ...s, checked: false } : s)),
        });
        expect(untick(after)).toEqual(untick(before));
      }),
      RUNS,
    );
  });
});

describe('steps after ticks without a parse (stepsAfterTicks)', () => {
  /** Every `[c]` in the body whose c is a space, x or X, as offsets of c. */
  const boxOffsets = (body: string): number[] => [...body.matchAll(/\[[ x]\]/gi)].map((m) => (m.index ?? 0) + 1);
  const flip = (body: string, offsets: readonly number[], tick: string): string => {
    let out = body;
    for (const o of offsets) out = `${out.slice(0, o)}${out[o] === ' ' ? tick : ' '}${out.slice(o + 1)}`;
    return out;
  };

  it('gives exactly the steps a full parse gives, whenever it answers (any markdown, any boxes flipped)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          markdownish,
          checklistArb.map(renderChecklist),
          checklistArb.map((c) => renderChecklist(c).replaceAll('\n', '\r\n')),
        ),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.constantFrom('x', 'X'),
        (body, picks, tick) => {
          const boxes = boxOffsets(body);
          const chosen = [
            ...new Set(
              picks.map((p) => boxes[p % Math.max(1, boxes.length)]).filter((o): o is number => o !== undefined),
            ),
          ];
          const toggled = flip(body, chosen, tick);
          const base = parseIncident({ body, options });
          const fast = stepsAfterTicks({ base: { body, steps: base.steps }, body: toggled });
          if (fast !== null) expect(fast).toEqual(parseIncident({ body: toggled, options }).steps);
          // And the other way round: from the toggled body back to the original.
          const back = stepsAfterTicks({
            base: { body: toggled, steps: parseIncident({ body: toggled, options }).steps },
            body,
          });
          if (back !== null) expect(back).toEqual(base.steps);
        },
      ),
      RUNS,
    );
  });

  it('answers for a tick of a step in an ordinary checklist (so the property above is not vacuous)', () => {
    let answered = 0;
    fc.assert(
      fc.property(
        checklistArb.filter((c) => !/\[\s*x\s*\]\s*:/i.test(c.reference)),
        fc.nat(),
        (checklist, pick) => {
          const body = renderChecklist(checklist);
          const base = parseIncident({ body, options });
          fc.pre(base.steps.length > 0);
          const target = base.steps[pick % base.steps.length] as (typeof base.steps)[number];
          const lines = body.split('\n');
          lines[target.line - 1] = (lines[target.line - 1] ?? '').replace(/\[[ x]\]/i, target.checked ? '[ ]' : '[x]');
          const fast = stepsAfterTicks({ base: { body, steps: base.steps }, body: lines.join('\n') });
          if (fast !== null) answered += 1;
          expect(fast).toEqual(parseIncident({ body: lines.join('\n'), options }).steps);
        },
      ),
      RUNS,
    );
    expect(answered).toBeGreaterThan(RUNS.numRuns / 2);
  });

  it('declines any other change: text, length, line endings, a box that is not a step', () => {
    const body =
      '## Response\n\n- [ ] `15 min` Page the on-call\n- [ ] Open a bridge\n\n## Action items\n\n- [ ] Fix the alert\n';
    const steps = parseIncident({ body, options }).steps;
    const declined = [
      body.replace('Page', 'Paging'),
      body.replace('Open a', 'Open b'),
      body.replace('\n', '\r'),
      body.replace('- [ ] Fix', '- [x] Fix'),
      body.replace('## Response', '## Responsx'),
    ];
    for (const other of declined) expect(stepsAfterTicks({ base: { body, steps }, body: other })).toBeNull();
    expect(
      stepsAfterTicks({ base: { body, steps }, body: body.replace('- [ ] Open', '- [x] Open') })?.map((s) => s.checked),
    ).toEqual([false, true]);
    // An item that opens with another block has its box further down: the `[ ]` on its first line is
    // that block's (found by a second pair of eyes; the fast path declined none of these before).
    for (const opening of [
      '- [ ] Deploy\n  ===\n  [ ] Roll back\n',
      '-     [ ] a\n  [ ] b\n',
      '- first\n- [ ] a | b\n  --- | ---\n\n  [ ] real step\n',
      '> - [ ] heading\n>   ---\n>   [ ] real step\n',
    ]) {
      const ticked = opening.replace('[ ]', '[x]');
      const fast = stepsAfterTicks({
        base: { body: opening, steps: parseIncident({ body: opening, options }).steps },
        body: ticked,
      });
      if (fast !== null) expect(fast).toEqual(parseIncident({ body: ticked, options }).steps);
    }
    // Bodies from browsers end lines with \r\n; a lone \r ends one too.
    for (const ending of ['\r\n', '\r']) {
      const crlf = body.replaceAll('\n', ending);
      const ticked = crlf.replace('- [ ] Open', '- [x] Open');
      expect(
        stepsAfterTicks({ base: { body: crlf, steps: parseIncident({ body: crlf, options }).steps }, body: ticked }),
      ).toEqual(parseIncident({ body: ticked, options }).steps);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Deadlines and durations round-trip through the grammar.
// ---------------------------------------------------------------------------------------------

/**
 * Durations the grammar produces, in minutes: whole minutes, hours, days, seconds and decimal minutes
 * (the grammar rounds to 1/1000 minute; taking the value from `parseDurationText` keeps us on exactly
 * those), up to the grammar's six digits per number.
 */
const duration = fc.oneof(
  fc.integer({ min: 1, max: 999_999 }),
  fc.integer({ min: 1, max: 16_666 }).map((h) => h * 60),
  fc.integer({ min: 1, max: 694 }).map((d) => d * 24 * 60),
  fc.integer({ min: 1, max: 999_999 }).map((s) => parseDurationText(`${s} sec`) ?? Number.NaN),
  fc.integer({ min: 1, max: 999_999_999 }).map((k) => parseDurationText(`${k / 1000} min`) ?? Number.NaN),
);

/** Every deadline one code span can write: plain, range (from 0 up), recurring, immediately; any anchor. */
const deadlineArb: fc.Arbitrary<Deadline> = (() => {
  const anchor = fc.constantFrom(...ANCHORS);
  return fc.oneof(
    fc
      .record({ anchor, m: duration })
      .map(({ anchor, m }) => ({ anchor, minMinutes: m, maxMinutes: m, everyMinutes: null, variants: null })),
    fc
      .record({ anchor, a: fc.oneof(fc.constant(0), duration), b: duration })
      .filter(({ a, b }) => a !== b)
      .map(({ anchor, a, b }) => ({
        anchor,
        minMinutes: Math.min(a, b),
        maxMinutes: Math.max(a, b),
        everyMinutes: null,
        variants: null,
      })),
    fc
      .record({ anchor, m: duration })
      .map(({ anchor, m }) => ({ anchor, minMinutes: m, maxMinutes: m, everyMinutes: m, variants: null })),
    anchor.map((anchor) => ({ anchor, minMinutes: 0, maxMinutes: 0, everyMinutes: null, variants: null })),
  );
})();

/**
 * Daytime / Off-hours variants. formatDeadline writes them for display (`4 hrs daytime / 8 hrs
 * off-hours`), not as one code span; the grammar expresses them in a step as two labelled code spans,
 * and that is how they are round-tripped below.
 */
const variantDeadlineArb: fc.Arbitrary<Deadline> = fc
  .record({
    anchor: fc.constantFrom(...ANCHORS),
    day: fc.oneof(fc.constant(0), duration),
    off: fc.oneof(fc.constant(0), duration),
  })
  .map(({ anchor, day, off }) => ({
    anchor,
    minMinutes: Math.min(day, off),
    maxMinutes: Math.max(day, off),
    everyMinutes: null,
    variants: { daytime: day, 'off-hours': off },
  }));

/** The section default a written deadline is read against: "start" is written as no anchor, so it needs a start section. */
const sectionAnchorFor = (d: Deadline, other: Anchor): Anchor => (d.anchor === 'start' ? 'start' : other);

/** How a step writes the deadline: one code span, or two labelled ones for variants. */
function stepDeadlineMarkdown(d: Deadline): string {
  if (!d.variants) return `\`${formatDeadline(d)}\``;
  const one = (m: number): string =>
    formatDeadline({ anchor: d.anchor, minMinutes: m, maxMinutes: m, everyMinutes: null, variants: null });
  return `\`${one(d.variants.daytime)}\` Daytime / \`${one(d.variants['off-hours'])}\` Off-hours`;
}

describe('deadline text round-trips through the grammar', () => {
  it("parseDeadlineCode(formatDeadline(d)) is d, whatever the section's default anchor", () => {
    fc.assert(
      fc.property(deadlineArb, fc.constantFrom(...ANCHORS), (d, other) => {
        const parsed = parseDeadlineCode({ code: formatDeadline(d), defaultAnchor: sectionAnchorFor(d, other) });
        expect(parsed).toEqual({ kind: 'deadline', deadline: d });
      }),
      RUNS,
    );
  });

  it('a step carrying formatDeadline(d) (variants as two labelled spans) has deadline d', () => {
    fc.assert(
      fc.property(fc.oneof(deadlineArb, variantDeadlineArb), fc.boolean(), (d, afterIncident) => {
        // A post-incident heading makes "resolved" the default; a start-anchored deadline needs the other section.
        const post = d.anchor === 'start' ? false : afterIncident;
        const body = `${post ? '## After the incident' : '## During the incident'}\n\n- [ ] ${stepDeadlineMarkdown(d)} Do the thing\n`;
        const [step, ...rest] = parseIncident({ body, options }).steps;
        expect(rest).toEqual([]);
        expect(step?.deadline).toEqual(d);
      }),
      RUNS,
    );
  });

  it('a "within ..." / "every ..." phrase in prose reads back the same deadline', () => {
    fc.assert(
      fc.property(
        deadlineArb.filter((d) => d.maxMinutes > 0),
        fc.constantFrom(...ANCHORS),
        (d, other) => {
          // "every N" takes no anchor of its own in prose: it counts from the section's default.
          const defaultAnchor = d.everyMinutes !== null ? d.anchor : sectionAnchorFor(d, other);
          const text =
            d.everyMinutes !== null
              ? `Post an update every ${formatMinutes(d.everyMinutes)}.`
              : `Post an update within ${formatDeadline(d)}.`;
          expect(findDeadlinePhrase({ text, defaultAnchor })).toEqual({ kind: 'deadline', deadline: d });
        },
      ),
      RUNS,
    );
  });

  it('parseDurationText(formatMinutes(m)) is m for generated durations', () => {
    fc.assert(
      fc.property(duration, (m) => {
        expect(parseDurationText(formatMinutes(m))).toBe(m);
      }),
      RUNS,
    );
  });

  /** Durations as people write them: any unit spelling, decimals, "an hour", several parts ("1 hr 30 min"). */
  const UNITS = [
    's',
    'sec',
    'secs',
    'second',
    'seconds',
    'm',
    'min',
    'mins',
    'minute',
    'minutes',
    'h',
    'hr',
    'hrs',
    'hour',
    'hours',
    'd',
    'day',
    'days',
    'w',
    'wk',
    'wks',
    'week',
    'weeks',
  ];
  const numberText = fc.oneof(
    fc.integer({ min: 0, max: 999 }).map(String),
    fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 999 })).map(
      ([i, f]) =>
        `${i}.${
          String(f)
            .padStart(3, '0')
            .replace(/(?<!0)0+$/, '') || '0'
        }`,
    ),
  );
  const part = fc
    .tuple(numberText, fc.constantFrom('', ' '), fc.constantFrom(...UNITS))
    .map(([n, space, unit]) => `${n}${space}${unit}`);
  const durationText = fc
    .tuple(
      fc.option(fc.constantFrom('a', 'an', 'one')),
      fc.constantFrom(...UNITS),
      fc.array(part, { minLength: 1, maxLength: 3 }),
    )
    .map(([word, unit, parts]) => (word ? [`${word} ${unit}`, ...parts.slice(1)] : parts).join(' '));

  it('any duration text the grammar reads comes back from formatMinutes as the same minutes', () => {
    fc.assert(
      fc.property(durationText, (text) => {
        const m = parseDurationText(text);
        expect(m).not.toBeNull();
        if (m === null) return;
        expect(parseDurationText(formatMinutes(m))).toBe(m);
        // Also as a code span: a million minutes and more are written in days, within six digits.
        expect(parseDeadlineCode({ code: formatMinutes(m), defaultAnchor: 'start' })).toEqual({
          kind: 'deadline',
          deadline: { anchor: 'start', minMinutes: m, maxMinutes: m, everyMinutes: null, variants: null },
        });
      }),
      RUNS,
    );
  });
});
