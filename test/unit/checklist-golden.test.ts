import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigYaml } from '../../src/config/load.js';
import { parseOptionsOf } from '../../src/config/parse-options.js';
import { incidentJson } from '../../src/cli/parse-command.js';
import { parseIncident } from '../../src/domain/template/checklist.js';
import { defaultParseOptions } from '../helpers/options.js';

/**
 * Golden folders (github/issue-parser style): test/fixtures/<case>/body.md, an optional config.yml,
 * and expected.json, the `parse --json` output. UPDATE_GOLDEN=1 rewrites expected.json; review the diff.
 */
const root = join(process.cwd(), 'test', 'fixtures');
const cases = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(root, e.name, 'body.md')))
  .map((e) => e.name)
  .sort();

describe('parser golden fixtures', () => {
  it('has a fixture for every seed structure', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  it.each(cases)('%s', (name) => {
    const dir = join(root, name);
    const configPath = join(dir, 'config.yml');
    const options = existsSync(configPath)
      ? parseOptionsOf(parseConfigYaml(readFileSync(configPath, 'utf8')).config)
      : defaultParseOptions();
    const actual = incidentJson(parseIncident({ body: readFileSync(join(dir, 'body.md'), 'utf8'), options }));
    const expectedPath = join(dir, 'expected.json');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
  });
});
