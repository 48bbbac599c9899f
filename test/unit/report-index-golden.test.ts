import { describe, expect, it } from '@jest/globals';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import {
  reportIndexFiles,
  type ReportIndexSettings,
  type RepositoryFile,
} from '../../src/render/report-index-files.js';
import { tagsBalance } from '../helpers/svg.js';

/**
 * Golden folders for the reports index: test/fixtures/stats-<case>/input/ is a reports checkout,
 * settings.json the index settings, expected/ the index page and one chart (incidents.svg) exactly as
 * written. UPDATE_GOLDEN=1 rewrites expected/; review the diff (a Vega upgrade may move pixels).
 */
const root = join(process.cwd(), 'test', 'fixtures');
const cases = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name.startsWith('stats-'))
  .map((e) => e.name)
  .sort();

function readTree(dir: string, relative = ''): RepositoryFile[] {
  return readdirSync(join(dir, relative), { withFileTypes: true }).flatMap((e) => {
    const path = relative === '' ? e.name : posix.join(relative, e.name);
    return e.isDirectory() ? readTree(dir, path) : [{ path, content: readFileSync(join(dir, path), 'utf8') }];
  });
}

async function run(name: string, order: 'as-read' | 'reversed' = 'as-read') {
  const dir = join(root, name);
  const settings = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as ReportIndexSettings;
  const files = readTree(join(dir, 'input'));
  return {
    settings,
    ...(await reportIndexFiles({ files: order === 'reversed' ? [...files].reverse() : files, settings })),
  };
}

describe('reports index golden fixtures', () => {
  it('has fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(1);
  });

  it.each(cases)('%s: index page and incidents chart', async (name) => {
    const { settings, files } = await run(name);
    const expectedDir = join(root, name, 'expected');
    const byPath = new Map(files.map((f) => [f.path, f.content]));
    const goldens = [
      { file: 'README.md', path: settings.indexPath },
      { file: 'incidents.svg', path: `${settings.chartsDir}/incidents.svg` },
    ];
    for (const golden of goldens) {
      const actual = byPath.get(golden.path);
      expect(actual).toBeDefined();
      const expectedPath = join(expectedDir, golden.file);
      if (process.env.UPDATE_GOLDEN === '1') {
        mkdirSync(expectedDir, { recursive: true });
        writeFileSync(expectedPath, actual as string);
      }
      expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
    }
  });

  it.each(cases)('%s: the same reports in any order give byte-identical files', async (name) => {
    const first = await run(name);
    const second = await run(name, 'reversed');
    expect(second.files.map((f) => f.path)).toEqual(first.files.map((f) => f.path));
    for (const [i, file] of first.files.entries()) expect(second.files[i]?.content).toBe(file.content);
  });

  it.each(cases)('%s: writes the index and four charts that parse as SVG', async (name) => {
    const { settings, files } = await run(name);
    expect(files.map((f) => f.path)).toEqual(
      [
        settings.indexPath,
        ...['incidents', 'on-time-steps', 'open-follow-ups', 'time-to-resolve'].map(
          (c) => `${settings.chartsDir}/${c}.svg`,
        ),
      ].sort(),
    );
    for (const svg of files.filter((f) => f.path.endsWith('.svg'))) {
      expect(svg.content).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>/);
      expect(svg.content.trimEnd().endsWith('</svg>')).toBe(true);
      expect(tagsBalance(svg.content)).toBe(true);
    }
  });
});
