import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishedMaintenance } from '../../src/domain/status-page/published-maintenance.js';
import { parseIncident } from '../../src/domain/template/checklist.js';
import { defaultParseOptions } from '../helpers/options.js';

/**
 * Golden folders for maintenance windows: test/fixtures/maintenance-windows/<case>/body.md and
 * expected.json, the window the status page would publish (or the errors the app's comment would say).
 * Templates are written by other people: the forms the incident parser reads for its own fields are read
 * (bold, plain, tables, issue forms); `not-*` cases are times that are no field (in code, a quote, prose).
 * UPDATE_GOLDEN=1 rewrites expected.json; review the diff.
 */
const root = join(process.cwd(), 'test', 'fixtures', 'maintenance-windows');
const cases = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const NOW = new Date('2026-12-04T12:00:00Z');

describe('maintenance window golden fixtures', () => {
  it('has cases both ways', () => {
    expect(cases.filter((c) => c.startsWith('not-')).length).toBeGreaterThanOrEqual(4);
    expect(cases.filter((c) => !c.startsWith('not-')).length).toBeGreaterThanOrEqual(6);
  });

  it.each(cases)('%s', (name) => {
    const dir = join(root, name);
    const body = readFileSync(join(dir, 'body.md'), 'utf8');
    const actual = publishedMaintenance({
      repo: 'acme/shop',
      issue: { number: 7, title: 'Database upgrade', state: 'open', closedAt: null, createdAt: '2026-12-04T09:00:00Z' },
      fields: parseIncident({ body, options: defaultParseOptions() }).fields,
      configured: ['API', 'Checkout'],
      now: NOW,
    });
    const expectedPath = join(dir, 'expected.json');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
    // The names say which way a case goes.
    expect(actual.ok).toBe(!name.startsWith('not-'));
  });
});
