import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * scripts/release.mjs in a scratch git repository: the version, the changelog, the rebuilt bundle, the
 * release tag and the major tag. The bundle's build is a stand-in that stamps the version into
 * dist/index.js (the real build is checked by `node scripts/build-action.mjs --check` in CI).
 */
const SCRIPT = join(process.cwd(), 'scripts', 'release.mjs');
const FAKE_BUILD = `import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
mkdirSync('dist', { recursive: true });
writeFileSync('dist/index.js', '// ' + JSON.parse(readFileSync('package.json', 'utf8')).version + '\\n');
`;

let repo: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
const release = (version: string) =>
  spawnSync(process.execPath, [SCRIPT, version], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
const changelog = () => readFileSync(join(repo, 'CHANGELOG.md'), 'utf8');

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'release-'));
  mkdirSync(join(repo, 'scripts'));
  copyFileSync(SCRIPT, join(repo, 'scripts', 'release.mjs'));
  writeFileSync(join(repo, 'scripts', 'build-action.mjs'), FAKE_BUILD);
  const pkg = { name: 'incident-responder', version: '0.1.0', private: true };
  writeFileSync(join(repo, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  const lock = { ...pkg, lockfileVersion: 3, requires: true, packages: { '': pkg } };
  writeFileSync(join(repo, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  writeFileSync(
    join(repo, 'CHANGELOG.md'),
    '# Changelog\n\n## Unreleased\n\n### Added\n\n- The first release.\n\n## 0.1.0 - 2026-11-01\n\n- A preview.\n',
  );
  mkdirSync(join(repo, 'dist'));
  writeFileSync(join(repo, 'dist', 'index.js'), '// stale\n');
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.email', 'release@example.test');
  git('config', 'user.name', 'Release Test');
  git('config', 'commit.gpgsign', 'false');
  git('config', 'tag.gpgsign', 'false');
  git('add', '.');
  git('commit', '--quiet', '-m', 'start');
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('npm run release -- VERSION', () => {
  it('versions, dates the changelog, rebuilds dist/, tags the release and moves the major tag', () => {
    const result = release('1.0.0');
    expect(result.stderr).not.toMatch(/release:/);
    expect(result.status).toBe(0);
    expect(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version).toBe('1.0.0');
    expect(JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')).version).toBe('1.0.0');
    expect(changelog()).toMatch(
      /## Unreleased\n\n## 1\.0\.0 - \d{4}-\d{2}-\d{2}\n\n### Added\n\n- The first release\./,
    );
    expect(git('show', 'HEAD:dist/index.js')).toBe('// 1.0.0');
    expect(git('status', '--porcelain')).toBe('');
    expect(git('rev-parse', 'v1.0.0^{commit}')).toBe(git('rev-parse', 'HEAD'));
    expect(git('rev-parse', 'v1^{commit}')).toBe(git('rev-parse', 'HEAD'));
    expect(result.stdout).toMatch(/git push --force origin v1/);

    writeFileSync(join(repo, 'CHANGELOG.md'), changelog().replace('## Unreleased\n', '## Unreleased\n\n- A fix.\n'));
    git('commit', '--quiet', '-am', 'a fix');
    expect(release('1.0.1').status).toBe(0);
    expect(git('rev-parse', 'v1^{commit}')).toBe(git('rev-parse', 'v1.0.1^{commit}'));
    expect(git('rev-parse', 'v1.0.0^{commit}')).not.toBe(git('rev-parse', 'v1^{commit}'));
  });

  it('does not move the major tag for a pre-release', () => {
    expect(release('2.0.0-rc.1').status).toBe(0);
    expect(git('tag', '--list')).toBe('v2.0.0-rc.1');
  });

  it.each<[string, (dir: string) => void, string, RegExp]>([
    ['a version that is not semantic', () => {}, 'v1', /MAJOR\.MINOR\.PATCH/],
    ['a version older than the current one', () => {}, '0.0.9', /older than the current 0\.1\.0/],
    ['a dirty tree', (dir) => writeFileSync(join(dir, 'notes.txt'), 'x'), '1.0.0', /working tree has changes/],
    [
      'an empty Unreleased section',
      (dir) => {
        writeFileSync(join(dir, 'CHANGELOG.md'), '# Changelog\n\n## Unreleased\n\n## 0.1.0 - 2026-11-01\n');
        execFileSync('git', ['commit', '--quiet', '-am', 'empty'], { cwd: dir });
      },
      '1.0.0',
      /"Unreleased" section of CHANGELOG\.md is empty/,
    ],
  ])('refuses %s and changes nothing', (_name, prepare, version, message) => {
    prepare(repo);
    const head = git('rev-parse', 'HEAD');
    const result = release(version);
    expect(result.stderr).toMatch(message);
    expect(result.status).toBe(1);
    expect(git('rev-parse', 'HEAD')).toBe(head);
    expect(git('tag', '--list')).toBe('');
    expect(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version).toBe('0.1.0');
  });
});
