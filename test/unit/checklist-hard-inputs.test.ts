import { describe, expect, it } from '@jest/globals';
import { MAX_NOTES, MAX_STEPS, parseIncident } from '../../src/domain/template/checklist.js';
import { defaultParseOptions } from '../helpers/options.js';

/**
 * GitHub caps issue bodies at 65,536 characters; the parser must be total and quick on anything that
 * size. These check totality and the step counts; `npm run bench` measures speed. The jest timeout
 * is the only clock here, set far above the expected few milliseconds so a regression to quadratic
 * behaviour (seconds to minutes on these inputs) still fails.
 * https://docs.github.com/en/rest/issues/issues#create-an-issue (body)
 */
const GITHUB_BODY_LIMIT = 65_536;

const fill = (unit: string): string =>
  unit.repeat(Math.floor(GITHUB_BODY_LIMIT / unit.length)).slice(0, GITHUB_BODY_LIMIT);

describe('hard inputs of GitHub size', () => {
  it.each<[string, string, number | null]>([
    // Beyond MAX_STEPS the rest is not tracked, and a warning says so (tested below).
    ['task items filling the body', fill('- [ ] `4 hrs` check the thing\n'), MAX_STEPS],
    ['8,000 one-line items', '- [ ] x\n'.repeat(8000), MAX_STEPS],
    ['32,000 * each side of a letter', `${'*'.repeat(32_000)}a${'*'.repeat(32_000)}`, 0],
    ['32,000 > markers', `${'> '.repeat(32_000)}- [ ] deep`, null],
    ['thousands of open brackets', '['.repeat(GITHUB_BODY_LIMIT), 0],
    ['thousands of links', fill('[a](b) '), 0],
    ['thousands of unclosed links', fill('[a]('), 0],
    ['thousands of backticks', fill('`'), 0],
    ['deeply nested lists', Array.from({ length: 250 }, (_, i) => `${'  '.repeat(i)}- [ ] n`).join('\n'), null],
    ['one huge line of words', fill('word within '), 0],
    ['emphasis soup', fill('*_~`[<'), 0],
    ['html soup', fill('<input type=checkbox>'), 0],
    ['headings', fill('### High incidents\n'), 0],
    ['numbers that look like deadlines', fill('- [ ] `1-2 daysx` '), null],
  ])('%s', (_name, body, steps) => {
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT + 64);
    const incident = parseIncident({ body, options: defaultParseOptions() });
    if (steps !== null) expect(incident.steps).toHaveLength(steps);
    expect(Array.isArray(incident.warnings)).toBe(true);
  });
});

describe('the step cap', () => {
  it('tracks the first MAX_STEPS steps and the first 100 action items, and says where it stopped', () => {
    const body = `${'- [ ] `1 hr` a step\n'.repeat(MAX_STEPS + 5)}\n## Action items\n\n${'- [ ] fix a thing\n'.repeat(105)}`;
    const incident = parseIncident({ body, options: defaultParseOptions() });
    expect(incident.steps).toHaveLength(MAX_STEPS);
    expect(incident.actionItems).toHaveLength(100);
    expect(incident.warnings).toEqual([
      {
        line: MAX_STEPS + 1,
        message: `only the first ${MAX_STEPS} steps are tracked (this list has ${MAX_STEPS + 5}); split the checklist or move the rest to another issue`,
      },
      {
        line: MAX_STEPS + 5 + 4 + 100,
        message:
          'only the first 100 action items are tracked (this list has 105); split the checklist or move the rest to another issue',
      },
    ]);
  });
});

describe('the note cap', () => {
  it('keeps the first MAX_NOTES notes in body order and counts the rest', () => {
    const body = `## Action items\n${'- [ ] TBD\n'.repeat(MAX_NOTES + 5)}`;
    const incident = parseIncident({ body, options: defaultParseOptions() });
    expect(incident.actionItems).toEqual([]);
    expect(incident.notes).toHaveLength(MAX_NOTES + 1);
    expect(incident.notes[0]?.line).toBe(2);
    expect(incident.notes.at(-1)).toEqual({ line: MAX_NOTES + 2, message: 'and 5 more notes from here on' });
  });
});
