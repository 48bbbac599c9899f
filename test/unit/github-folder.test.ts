import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { main } from '../../src/cli/main.js';

/** .github/ISSUE_TEMPLATE/: the shipped incident templates, used by this repository itself. */
const FOLDER = '.github/ISSUE_TEMPLATE';
const templates = readdirSync(FOLDER).filter((name) => name !== 'config.yml');

describe(FOLDER, () => {
  it('holds exactly the shipped templates, unchanged', () => {
    expect(templates.sort()).toEqual(readdirSync('templates/issue-templates').sort());
    for (const name of templates)
      expect(readFileSync(`${FOLDER}/${name}`, 'utf8')).toBe(readFileSync(`templates/issue-templates/${name}`, 'utf8'));
  });

  it('passes `check`, every template', async () => {
    let stdout = '';
    let stderr = '';
    const code = await main(['check', ...templates.map((name) => `${FOLDER}/${name}`)], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      readFile: async (path) => readFileSync(path, 'utf8'),
    });
    expect(stderr).toBe('');
    expect(stdout).toMatch(
      new RegExp(`^ok: ${templates.length} templates, \\d+ steps \\(\\d+ with deadlines\\), no problems\\n$`),
    );
    expect(code).toBe(0);
  });
});
