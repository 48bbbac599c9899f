import { describe, expect, it } from '@jest/globals';
import {
  isSeverityField,
  matchSeverity,
  resolveSeverity,
  severityScope,
  stepSeverityScope,
  type SeverityLevel,
} from '../../src/domain/template/severity.js';
import { defaultParseOptions } from '../helpers/options.js';

const levels: SeverityLevel[] = [
  { name: 'high', label: 'severity: high', aliases: ['critical', 'sev1'] },
  { name: 'medium', label: 'severity: medium', aliases: ['major', 'sev2'] },
  { name: 'low', label: 'severity: low', aliases: ['minor', 'trivial', 'sev3'] },
];

describe('matchSeverity', () => {
  it.each([
    ['High', { kind: 'level', level: 'high' }],
    ['high', { kind: 'level', level: 'high' }],
    ['**Medium**', { kind: 'level', level: 'medium' }],
    ['Critical', { kind: 'level', level: 'high' }],
    ['SEV2', { kind: 'level', level: 'medium' }],
    ['Low - a single feature is broken', { kind: 'level', level: 'low' }],
    ['_High/Medium/Low_', { kind: 'none' }],
    ['High or Medium', { kind: 'none' }],
    ['_No response_', { kind: 'none' }],
    ['', { kind: 'none' }],
    ['   ', { kind: 'none' }],
    ['Catastrophic', { kind: 'unknown', text: 'Catastrophic' }],
    ['highest', { kind: 'unknown', text: 'highest' }],
  ])('%j', (text, expected) => {
    expect(matchSeverity({ text, levels })).toEqual(expected);
  });
});

describe('severityScope (headings)', () => {
  it.each([
    ['Medium/High incidents', ['high', 'medium']],
    ['High incidents only', ['high']],
    ['For critical incidents', ['high']],
    ['Low', ['low']],
    ['Severity: High, Medium', ['high', 'medium']],
    ['High availability', null],
    ['Incidents', null],
    ['Remediate', null],
    ['', null],
  ])('%j', (text, expected) => {
    expect(severityScope({ text, levels })).toEqual(expected);
  });
});

describe('stepSeverityScope (a step opening with "For X incidents")', () => {
  it.each([
    ['For Medium/High incidents, write an incident report.', ['high', 'medium']],
    ['Only for high incidents: page the VP', ['high']],
    ['For big incidents, call everyone', null],
    ['Write an incident report for high incidents', null],
  ])('%j', (text, expected) => {
    expect(stepSeverityScope({ text, levels })).toEqual(expected);
  });
});

describe('isSeverityField', () => {
  it.each([
    ['Severity', true],
    ['severity', true],
    ['Incident severity', true],
    ['Sev', true],
    ['Severity level', true],
    ['Summary', false],
    ['Severity of the weather', false],
  ])('%j -> %s', (label, expected) => {
    expect(isSeverityField(label)).toBe(expected);
  });
});

describe('resolveSeverity: label > command > body', () => {
  it.each([
    [['severity: low'], 'high', 'medium', { level: 'low', source: 'label' }],
    [['Severity: Low', 'bug'], null, 'medium', { level: 'low', source: 'label' }],
    [['bug'], 'high', 'medium', { level: 'high', source: 'command' }],
    [[], null, 'medium', { level: 'medium', source: 'body' }],
    [[], null, null, { level: null, source: null }],
  ])('labels %j, command %s, body %s', (labels, commandSeverity, bodySeverity, expected) => {
    expect(resolveSeverity({ labels, levels, commandSeverity, bodySeverity })).toEqual(expected);
  });
});

describe('matchSeverity with the default levels: the common scales (docs/templates.md)', () => {
  const defaults = defaultParseOptions().levels;
  it.each<[string, string | null]>([
    ['SEV0', 'high'],
    ['SEV-1 — Site-wide impact, a major share of orders failing', 'high'],
    ['Sev 1', 'high'],
    ['S1', 'high'],
    ['P0', 'high'],
    ['P1', 'high'],
    ['Critical', 'high'],
    ['Major outage', 'high'],
    ['SEV-2 — Degraded for some customers', 'medium'],
    ['P2', 'medium'],
    ['Major', 'medium'],
    ['Partial outage', 'medium'],
    ['SEV3', 'low'],
    ['SEV4', 'low'],
    ['P4', 'low'],
    ['Minor', 'low'],
    ['Degraded', 'low'],
    ['Degraded performance', 'low'],
    ['High - Major functionality impacted', 'high'],
    ['Degraded <!-- Degraded | Partial outage | Major outage -->', 'low'],
    ['<!-- Degraded | Partial outage | Major outage -->', null],
    ['SEV1 / SEV2 / SEV3', null],
    ['Degraded | Partial outage | Major outage', null],
  ])('%j -> %s', (text, level) => {
    const match = matchSeverity({ text, levels: defaults });
    expect(match.kind === 'level' ? match.level : null).toBe(level);
  });

  it.each(['Priority', 'Severity (pick one)', 'Severity:', 'Incident severity'])('%j is a severity field', (label) => {
    expect(isSeverityField(label)).toBe(true);
  });
});
