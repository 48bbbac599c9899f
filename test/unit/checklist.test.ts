import { describe, expect, it } from '@jest/globals';
import { parseIncident } from '../../src/domain/template/checklist.js';
import { defaultParseOptions } from '../helpers/options.js';

const parse = (body: string) => parseIncident({ body, options: defaultParseOptions() });

describe('what is a step', () => {
  it.each([
    ['- [ ] a', 1],
    ['* [x] a', 1],
    ['+ [X] a', 1],
    ['1. [ ] a', 1],
    ['1) [ ] a', 1],
    ['> - [ ] quoted', 1],
    ['- - [ ] nested in a list', 1],
    ['- []  a', 0],
    ['- [ ]a', 0],
    ['- [ ]', 0],
    ['- [-] a', 0],
    ['```\n- [ ] fenced\n```', 0],
    ['~~~\n- [ ] fenced\n~~~', 0],
    ['    - [ ] indented code', 0],
    ['[ ] not in a list', 0],
    ['<!-- - [ ] in a comment -->', 0],
  ])('%j -> %d steps', (body, count) => {
    expect(parse(body).steps).toHaveLength(count);
  });
});

describe('step ids', () => {
  const body = '## A\n- [ ] one\n- [ ] two\n## B\n- [ ] one\n';
  const ids = parse(body).steps.map((s) => s.id);

  it('are unique, including the same text in two sections', () => {
    expect(new Set(ids).size).toBe(3);
  });

  it('do not change when a box is ticked', () => {
    expect(parse(body.replace('- [ ] two', '- [x] two')).steps.map((s) => s.id)).toEqual(ids);
  });

  it('do not change when other parts of the body are edited', () => {
    const edited = `**Severity:** High\n\nSome intro text.\n\n${body.replace('- [ ] two', '- [ ] two\n- [ ] inserted')}`;
    const after = parse(edited).steps;
    expect(after.filter((s) => s.text !== 'inserted').map((s) => s.id)).toEqual(ids);
  });

  it('do not change when the deadline of the step changes', () => {
    expect(parse('- [ ] `4 hrs` x').steps[0]?.id).toBe(parse('- [ ] `8 hrs` x').steps[0]?.id);
  });

  it('tell repeated identical steps apart', () => {
    const twice = parse('- [ ] same\n- [ ] same').steps;
    expect(twice[0]?.id).not.toBe(twice[1]?.id);
  });
});

describe('step text', () => {
  it.each([
    ['- [ ] `4 hrs` **Bold** and *em* and [a link](https://x.example)', 'Bold and em and a link'],
    ['- [ ] keep `code` that is not a deadline', 'keep code that is not a deadline'],
    ['- [ ] two\n  lines', 'two lines'],
    ['- [ ] ![alt text](i.png) image', 'alt text image'],
    ['- [ ] ~~struck~~ text', 'struck text'],
    ['- [ ] a <b>html</b> tag', 'a html tag'],
  ])('%j -> %j', (body, text) => {
    expect(parse(body).steps[0]?.text).toBe(text);
  });
});

describe('sections and phases', () => {
  it.each([
    ['## During\n- [ ] x', 'During', false],
    ['## After the incident\n- [ ] x', 'After the incident', true],
    ['## Post-Incident Review\n- [ ] x', 'Post-Incident Review', true],
    ['## Post incident\n- [ ] x', 'Post incident', true],
    ['# Retrospective\n### Prep\n- [ ] x', 'Prep', true],
    ['## Postmortem\n- [ ] x\n## Next\n- [ ] y', 'Postmortem', true],
    ['- [ ] before any heading', null, false],
  ])('%j', (body, section, post) => {
    const step = parse(body).steps[0];
    expect(step?.section).toBe(section);
    expect(step?.postIncident).toBe(post);
  });

  it('a post-incident heading ends at the next heading of its level', () => {
    const steps = parse('## Postmortem\n- [ ] `1 day` x\n## Next\n- [ ] `1 day` y').steps;
    expect(steps.map((s) => s.deadline?.anchor)).toEqual(['resolved', 'start']);
  });

  it('severity scope ends at the next heading of the same level', () => {
    const steps = parse('## Fix\n### High incidents\n- [ ] a\n### Everyone\n- [ ] b\n## Next\n- [ ] c').steps;
    expect(steps.map((s) => s.severities)).toEqual([['high'], null, null]);
  });
});

describe('fields and severity', () => {
  it.each([
    ['**Severity:** High', 'high'],
    ['**Severity**: medium', 'medium'],
    ['__Severity:__ Low', 'low'],
    ['**Severity:** _High/Medium/Low_', null],
    ['### Severity\n\nCritical\n\n### Summary\n\nx', 'high'],
    ['### Severity\n\n_No response_', null],
    // Bullets without a box carry fields too, as templates write their details list.
    ['- **Severity:** High', 'high'],
    ['* Severity: SEV2', 'medium'],
    ['## Details\n\n- **Severity:** P2\n- **Impact:** checkout fails', 'medium'],
    // Not a field: a box's item (a step), a bullet nested under an item, guidance naming several levels.
    ['- [ ] **Severity:** High', null],
    ['- Fill in the details\n  - **Severity:** High', null],
    ['- **Severity:** pick SEV1 or SEV2', null],
    ['- **SEV1:** all hands', null],
    ['- Note: High', null],
    // Nor a numbered procedure, a quoted report, a folded guide, or an item's wrapped line.
    ['1. **Severity:** Low', null],
    ['> - **Severity:** SEV1', null],
    ['<details><summary>Guide</summary>\n\n- **Severity:** SEV1\n\n</details>', null],
    ['- Describe the impact\n  Severity: SEV1 if any data leaked', null],
    // Guidance above the answer is no level; the answer is read. Two answers are none.
    [
      '## How to fill this in\n\n- **Severity:** SEV1 when every customer is affected\n\n## Details\n\n- **Severity:** SEV3',
      'low',
    ],
    ['- **Severity:** SEV1\n- **Severity:** SEV3', null],
    // A field outside the list comes first, a table's row too.
    ['**Severity:** Low\n\n- **Severity:** High', 'low'],
    ['| | |\n|---|---|\n| Severity | SEV3 |\n\n## Notes\n\n- Severity: if in doubt, pick the higher one', 'low'],
    // A bullet's severity is a level and nothing more: guidance and notes written as bullets are not answers.
    ['## How to fill this in\n\n- **Severity:** use SEV1 only when every customer is affected', null],
    ['## Action items\n\n- **Priority:** P1', null],
    ['## Notes\n\n- **Priority:** P1 — add alerting on queue depth (@dana)', null],
    ['- **Schweregrad:** kritisch = alle Kunden betroffen', null],
    ['- **Schweregrad:** kritisch', 'high'],
    ['## Severity (pick one)\n\n- [ ] SEV1\n- [x] SEV2\n\n## Notes\n\n- **Priority:** customers first', 'medium'],
    ['- **Severity:** SEV1 when every customer is affected\n- **Severity:** SEV3', 'low'],
    ['- **Severity:** SEV1 when every customer is affected\n- **Severity level:** SEV3', 'low'],
    // The same answer twice is one answer.
    ['- **Severity:** SEV2\n- **severity:** sev2', 'medium'],
    ['- **Severity:** SEV2 <!-- SEV1 | SEV2 | SEV3 -->\n- **Severity:** SEV2', 'medium'],
    // `<details>` opened or closed inside a paragraph.
    ['Guide: <details><summary>levels</summary>\n\n- **Severity:** SEV1\n\n</details>', null],
    ['Ask in #incidents if unsure.</details>\n\n- **Severity:** SEV2', 'medium'],
    // After a folded guide, a details list is read again.
    ['<details><summary>Guide</summary>\n\n- **Severity:** SEV1\n\n</details>\n\n- **Severity:** SEV2', 'medium'],
    ['Severity: High', 'high'],
    ['Note: High', null],
    ['**Severity:** SEV-1 — Site-wide impact, major customers affected', 'high'],
    ['**Severity:** Sev 2', 'medium'],
    ['**Severity:** S1', 'high'],
    ['**Severity:** SEV0', 'high'],
    ['**Severity:** P0', 'high'],
    ['**Priority:** P1', 'high'],
    ['**Severity:** High - Major functionality impacted', 'high'],
    ['**Severity:** Degraded <!-- Degraded | Partial outage | Major outage -->', 'low'],
    ['**Severity:** Major outage', 'high'],
    ['**Severity:** Partial outage', 'medium'],
    ['**Severity:** SEV1 / SEV2', null],
    ['| | |\n|---|---|\n| **Severity** | P2 |', 'medium'],
    ['## Severity\n\n- [ ] SEV1\n- [x] SEV2\n- [ ] SEV3', 'medium'],
    ['**Severity:**\n- [ ] Critical\n- [ ] Major\n- [x] Minor', 'low'],
    ['**Severity (pick one):**\n\n- [ ] SEV1\n- [x] SEV2\n- [ ] SEV3', 'medium'],
  ])('%j -> %s', (body, severity) => {
    expect(parse(body).severity).toBe(severity);
  });

  it('takes a time from a bullet only when it reads as one: a timeline or a prompt is no impact start', () => {
    expect(parse('- **Started:** 09:20 first alert\n- **Impact started:** YYYY-MM-DD HH:MM UTC')).toMatchObject({
      impactStart: null,
      warnings: [],
    });
    expect(parse('- **Impact started:** 2026-12-05 09:20 UTC').impactStart).toBe('2026-12-05T09:20:00.000Z');
  });

  it("reads no details list in an issue form: a list pasted into an answer is that answer's text", () => {
    const form =
      '### Severity\n\n_No response_\n\n### What happened\n\n- Impact started: 2026-11-01 08:00 UTC\n- Severity: SEV1';
    expect(parse(form)).toMatchObject({ severity: null, impactStart: null });
    // The control: the same list outside a form is read.
    expect(parse('## What happened\n\n- Impact started: 2026-11-01 08:00 UTC\n- Severity: SEV1')).toMatchObject({
      severity: 'high',
      impactStart: '2026-11-01T08:00:00.000Z',
    });
  });

  it('reads issue-form fields, `_No response_` as empty', () => {
    expect(parse('### Summary\n\nAll down\n\n### Impact\n\n_No response_\n').fields).toEqual({
      Summary: 'All down',
      Impact: '',
    });
  });

  it('warns about a severity that is not a level, with its line', () => {
    expect(parse('intro\n\n**Severity:** Apocalyptic').warnings).toEqual([
      { line: 3, message: expect.stringContaining('"Apocalyptic" is not a configured level') },
    ]);
  });
});

describe('deadline sources, in order of precedence', () => {
  it.each([
    ['own code span', '- [ ] `4 hrs` x\n  > within 1 hour', 240],
    ['phrase in the step', '- [ ] reply within 2 hours', 120],
    ['phrase in quoted notes', '- [ ] reply\n  > Do it within 3 hours.', 180],
    ['child bullets: the earliest', '- [ ] reply\n  - `9 hrs` a\n  - `5 hrs` b', 300],
    ['child task items do not lend their deadline', '- [ ] reply\n  - [ ] `5 hrs` sub-step', null],
  ])('%s', (_name, body, max) => {
    expect(parse(body).steps[0]?.deadline?.maxMinutes ?? null).toBe(max);
  });

  it('a config rule fills in steps without a deadline of their own', () => {
    const options = { ...defaultParseOptions(), deadlineRules: [{ match: 'status page', deadline: '30 min' }] };
    const steps = parseIncident({
      body: '- [ ] Update the Status Page\n- [ ] `5 min` update the status page again\n- [ ] other',
      options,
    }).steps;
    expect(steps.map((s) => s.deadline?.maxMinutes ?? null)).toEqual([30, 5, null]);
  });
});

describe('warnings', () => {
  it('a deadline-like code span that does not parse is a warning with its line, not a crash', () => {
    expect(parse('# T\n\n- [ ] `4 hrz` call').warnings).toEqual([
      { line: 3, message: expect.stringContaining('`4 hrz` looks like a deadline') },
    ]);
  });
});

describe('action items', () => {
  it('are read from the Action items section with their mentions, and are not steps', () => {
    const incident = parse('## Action items\n- [ ] Add alerts @alice @alice and @bob\n- [x] done @org/team');
    expect(incident.steps).toEqual([]);
    expect(incident.actionItems.map((a) => [a.text, a.checked, a.mentions])).toEqual([
      ['Add alerts @alice @alice and @bob', false, ['alice', 'bob']],
      ['done @org/team', true, []],
    ]);
  });
});

describe('line endings', () => {
  it.each([
    ['\\n', '\n'],
    ['\\r\\n', '\r\n'],
    ['a lone \\r', '\r'],
  ])('issue-form fields and steps read the same with %s', (_name, eol) => {
    const body = ['### Severity', '', 'High', '', '### Checklist', '', '- [ ] `15 min` Open a call'].join(eol);
    const incident = parseIncident({ body, options: defaultParseOptions() });
    expect([incident.severity, incident.fields.Severity, incident.steps.map((s) => [s.text, s.line])]).toEqual([
      'high',
      'High',
      [['Open a call', 7]],
    ]);
  });
});

describe('a link definition labelled x', () => {
  it('does not hide ticked steps: the marker is read from the source, as GitHub does', () => {
    const unticked = parseIncident({
      body: '- [ ] `15 min` Page the on-call\n\n[x]: https://example.com/runbook\n',
      options: defaultParseOptions(),
    });
    const ticked = parseIncident({
      body: '- [x] `15 min` Page the on-call\n\n[x]: https://example.com/runbook\n',
      options: defaultParseOptions(),
    });
    expect(ticked.steps.map((s) => [s.id, s.text, s.checked, s.deadline?.maxMinutes])).toEqual([
      [unticked.steps[0]?.id, 'Page the on-call', true, 15],
    ]);
  });
});
