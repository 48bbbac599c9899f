#!/usr/bin/env node
// `npm run release -- VERSION` (e.g. 1.2.0): cuts a release on a clean checkout of main, as docs/releasing.md
// describes. It sets the version in package.json and package-lock.json, turns CHANGELOG.md's "Unreleased"
// section into this version's, rebuilds the Action's bundle (dist/index.js, what `uses: ...@v1` runs),
// commits, tags vVERSION and moves the major tag (v1) to it. It pushes nothing: it prints the two pushes,
// so a mistake can still be undone locally.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9a-z-]+(?:\.[0-9a-z-]+)*))?$/i;
const UNRELEASED = /^## \[?Unreleased[^\n]*\n/im;

const fail = (message) => {
  process.stderr.write(`release: ${message}\n`);
  process.exit(1);
};
const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();
const compare = (a, b) => {
  for (let i = 1; i <= 3; i += 1) if (Number(a[i]) !== Number(b[i])) return Number(a[i]) - Number(b[i]);
  return 0;
};

const version = process.argv[2];
const parsed = SEMVER.exec(version ?? '');
if (!parsed) fail(`give the version to release as MAJOR.MINOR.PATCH (semantic versioning), not "${version ?? ''}"`);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const current = SEMVER.exec(pkg.version);
if (current && compare(parsed, current) < 0) fail(`${version} is older than the current ${pkg.version}`);
if (git('status', '--porcelain') !== '') fail('the working tree has changes: commit or stash them first');
if (git('tag', '--list', `v${version}`) !== '') fail(`tag v${version} exists already`);

const changelog = readFileSync('CHANGELOG.md', 'utf8');
const unreleased = UNRELEASED.exec(changelog);
if (!unreleased) fail('CHANGELOG.md has no "## Unreleased" section to release');
const body = changelog.slice(unreleased.index + unreleased[0].length).split(/^## /m)[0] ?? '';
if (body.trim() === '') fail('the "Unreleased" section of CHANGELOG.md is empty: say what this release changes');

// `npm version` also updates package-lock.json; no git step of its own (this script makes the one commit).
execFileSync('npm', ['version', version, '--no-git-tag-version', '--allow-same-version'], { stdio: 'inherit' });
const date = new Date().toISOString().slice(0, 10);
writeFileSync(
  'CHANGELOG.md',
  `${changelog.slice(0, unreleased.index)}## Unreleased\n\n## ${version} - ${date}\n${changelog.slice(unreleased.index + unreleased[0].length)}`,
);
execFileSync(process.execPath, ['scripts/build-action.mjs'], { stdio: 'inherit' });
git('add', 'package.json', 'package-lock.json', 'CHANGELOG.md', 'dist');
git('commit', '--quiet', '-m', `Release ${version}`);
git('tag', '--annotate', `v${version}`, '-m', `incident-responder ${version}`);
const major = `v${parsed[1]}`;
// A pre-release never moves the major tag: `@v1` users get only finished releases.
const movesMajor = parsed[4] === undefined;
if (movesMajor) git('tag', '--force', '--annotate', major, '-m', `incident-responder ${version}`);
process.stdout.write(
  `Released ${version}${movesMajor ? ` and moved ${major} to it` : ''}. Publish with:\n` +
    `  git push origin HEAD v${version}${movesMajor ? `\n  git push --force origin ${major}` : ''}\n`,
);
