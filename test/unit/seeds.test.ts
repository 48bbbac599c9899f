import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIncident } from '../../src/domain/template/checklist.js';
import { formatDeadline } from '../../src/domain/template/deadlines.js';
import { defaultParseOptions } from '../helpers/options.js';

/** The five real process documents in ../shared/seeds (present in CI). */
const seedsDir = join(process.cwd(), '..', 'shared', 'seeds');
const describeSeeds = existsSync(seedsDir) ? describe : describe.skip;

function seed(prefix: string) {
  const file = readdirSync(seedsDir).find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`seed ${prefix} missing`);
  return parseIncident({ body: readFileSync(join(seedsDir, file), 'utf8'), options: defaultParseOptions() });
}

const summary = (incident: ReturnType<typeof seed>) =>
  incident.steps.map((s) => [s.line, s.depth, s.checked, s.deadline ? formatDeadline(s.deadline) : null, s.severities]);

describeSeeds('the real seeds', () => {
  it('000: raw HTML checkboxes, code-span deadlines, daytime/off-hours variants, during and after phases', () => {
    const incident = seed('000');
    expect(summary(incident)).toEqual([
      [5, 0, false, 'immediately', null],
      [8, 0, false, 'immediately', null],
      [9, 0, false, 'immediately', null],
      [10, 0, false, '4 hrs daytime / 8 hrs off-hours', null],
      [18, 0, false, '12 hrs', null],
      [23, 0, false, 'immediately after resolution', null],
      [26, 0, false, 'immediately after resolution', null],
      [27, 0, false, '1 day - 2 days after resolution', null],
      [34, 0, false, '1 day - 2 days after resolution', null],
    ]);
    expect(incident.steps[0]?.text).toMatch(/^If the incident originates in PagerDuty, acknowledge the event/);
    expect(incident.steps.map((s) => s.section)).toEqual([
      ...Array(5).fill('During the incident'),
      ...Array(4).fill('After the incident'),
    ]);
    expect(incident.warnings).toHaveLength(9);
    expect(incident.warnings.every((w) => /raw HTML checkbox/.test(w.message))).toBe(true);
  });

  it('001: guidance prose without task items has no steps and no warnings', () => {
    const incident = seed('001');
    expect(incident.steps).toEqual([]);
    expect(incident.warnings).toEqual([]);
  });

  it('002: placeholder severity, numbered task lists, severity sections, a 30-minute cadence, a follow-up phase', () => {
    const incident = seed('002');
    expect(incident.severity).toBeNull();
    expect(incident.fields).toEqual({ Severity: '_High/Medium/Low_' });
    expect(incident.steps).toHaveLength(22);
    expect(incident.steps.filter((s) => s.checked).map((s) => s.text)).toEqual(['Create an issue from this template.']);
    expect(incident.steps.filter((s) => s.severities !== null)).toHaveLength(10);
    const updates = incident.steps.find((s) => s.text.startsWith('Provide updates'));
    expect(updates?.deadline).toEqual({
      anchor: 'start',
      minMinutes: 30,
      maxMinutes: 30,
      everyMinutes: 30,
      variants: null,
    });
    expect(updates?.severities).toEqual(['high', 'medium']);
    const lasting = incident.steps.find((s) => s.text.includes('lasting more than 60 minutes'));
    expect(lasting?.deadline).toBeNull();
    expect(incident.steps.filter((s) => s.depth === 1).map((s) => s.severities)).toEqual([
      ['high', 'medium'],
      ['high', 'medium'],
      ['high', 'medium'],
    ]);
    expect(incident.steps.filter((s) => s.section === 'Follow-up').every((s) => s.postIncident)).toBe(true);
    expect(incident.warnings).toEqual([]);
  });

  it('003: a chat-bot process without task items has no steps', () => {
    const incident = seed('003');
    expect(incident.steps).toEqual([]);
    expect(incident.warnings).toEqual([]);
  });

  it('004: checkboxes in block quotes, review within 24-48 hours of resolution', () => {
    const incident = seed('004');
    expect(incident.steps).toHaveLength(17);
    expect(incident.steps.filter((s) => s.depth === 1).map((s) => s.text)).toEqual([
      'What is currently not working?',
      'What was the last change made?',
      'What is the scope of the issue (single service or multiple)?',
    ]);
    const review = incident.steps.find((s) => s.text === 'Schedule a Post-Incident Review');
    expect(review?.deadline).toEqual({
      anchor: 'resolved',
      minMinutes: 1440,
      maxMinutes: 2880,
      everyMinutes: null,
      variants: null,
    });
    expect(incident.steps.filter((s) => s.deadline !== null)).toHaveLength(1);
    expect(incident.warnings).toEqual([]);
  });
});
