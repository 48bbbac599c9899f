import { describe, expect, it } from '@jest/globals';
import type { ReportIndexLayout } from '../../src/domain/incident/settings.js';
import type { Octokit } from '../../src/github/octokit.js';
import { gitBlobSha, MAX_INDEX_REPORTS, readReportFiles } from '../../src/github/report-files.js';

const layout: ReportIndexLayout = {
  reportsDir: 'reports',
  indexPath: 'reports/README.md',
  chartsDir: 'reports/charts',
  timeZone: 'UTC',
  severities: [],
  topSteps: 10,
};

/** A reports repository as the git tree and blob APIs answer it, counting the requests. */
function fakeOctokit(files: Record<string, string>, sizes: Record<string, number> = {}, truncated = false) {
  const calls: string[] = [];
  const blobs = new Map(Object.values(files).map((c) => [gitBlobSha(c), c]));
  const octokit = {
    rest: {
      git: {
        getTree: async (p: { tree_sha: string; recursive: string }) => {
          calls.push(`tree ${p.tree_sha} ${p.recursive}`);
          return {
            data: {
              truncated,
              tree: Object.entries(files).map(([path, c]) => ({
                path,
                type: 'blob',
                sha: gitBlobSha(c),
                size: sizes[path] ?? Buffer.byteLength(c),
              })),
            },
          };
        },
        getBlob: async (p: { file_sha: string }) => {
          calls.push(`blob ${p.file_sha}`);
          return { data: { encoding: 'base64', content: Buffer.from(blobs.get(p.file_sha) ?? '').toString('base64') } };
        },
      },
    },
  };
  return { octokit: octokit as unknown as Octokit, calls };
}

describe('readReportFiles: the reports repository in one tree request and bounded blob reads', () => {
  it('reads only reports (not the index, charts or other folders); too large ones are skipped unread', async () => {
    const { octokit, calls } = fakeOctokit(
      {
        'reports/2026-11-01-a.md': '---\ntitle: "A"\n---\n',
        'reports/README.md': '# index',
        'reports/charts/x.md': 'not a report',
        'docs/b.md': 'elsewhere',
        'reports/2026-11-02-big.md': 'big',
      },
      { 'reports/2026-11-02-big.md': 2_000_000 },
    );
    const read = await readReportFiles({ octokit, repo: { owner: 'acme', repo: 'reports' }, branch: 'main', layout });
    expect(read.files).toEqual([{ path: 'reports/2026-11-01-a.md', content: '---\ntitle: "A"\n---\n' }]);
    expect(read.skipped).toEqual([{ path: 'reports/2026-11-02-big.md', reason: 'larger than 1000000 bytes' }]);
    expect(calls.filter((c) => c.startsWith('tree'))).toEqual(['tree main true']);
    expect(calls.filter((c) => c.startsWith('blob'))).toHaveLength(1);
    expect(read.blobs.get('reports/README.md')).toBe(gitBlobSha('# index'));
  });

  it(`reads at most ${MAX_INDEX_REPORTS} reports, the newest by path; the rest are listed as skipped`, async () => {
    const files = Object.fromEntries(
      Array.from({ length: MAX_INDEX_REPORTS + 2 }, (_, i) => [
        `reports/r-${String(i).padStart(4, '0')}.md`,
        `report ${i}`,
      ]),
    );
    const { octokit, calls } = fakeOctokit(files);
    const read = await readReportFiles({ octokit, repo: { owner: 'acme', repo: 'reports' }, branch: 'main', layout });
    expect(read.files).toHaveLength(MAX_INDEX_REPORTS);
    expect(calls.filter((c) => c.startsWith('blob'))).toHaveLength(MAX_INDEX_REPORTS);
    expect(read.skipped.map((s) => s.path)).toEqual(['reports/r-0001.md', 'reports/r-0000.md']);
    expect(read.files[0]).toEqual({
      path: `reports/r-0${MAX_INDEX_REPORTS + 1}.md`,
      content: `report ${MAX_INDEX_REPORTS + 1}`,
    });
  });

  it('a tree GitHub truncates is refused rather than read in part', async () => {
    const { octokit } = fakeOctokit({ 'reports/a.md': 'a' }, {}, true);
    await expect(
      readReportFiles({ octokit, repo: { owner: 'acme', repo: 'reports' }, branch: 'main', layout }),
    ).rejects.toThrow(/larger than GitHub lists in one request/);
  });
});
