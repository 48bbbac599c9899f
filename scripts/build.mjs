#!/usr/bin/env node
// `npm run build` (and `npm test`): lib/ from src/ afresh (a stale file of a deleted module must not ship),
// compiled beside it and swapped in, so a server or CLI running from this checkout never finds lib/ gone.
// `--if-stale` (npm start, npm's prepare): build only when lib/ is missing or older than the sources, so
// a built tree starts without TypeScript (a development dependency) and a fresh clone still builds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (...parts) => join(root, ...parts);
const SOURCES = ['src', 'tsconfig.json', 'tsconfig.build.json'];

/** The newest file under `path`. Files only: a copy or an unpacked archive gives directories new times. */
function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), 0);
}

function isCurrent() {
  const built = at('lib', 'server.js');
  if (!existsSync(built)) return false;
  // A production tree may ship lib/ without src/: then lib/ is all there is.
  return (
    newestChange(at('src')) === 0 || statSync(built).mtimeMs >= Math.max(...SOURCES.map((p) => newestChange(at(p))))
  );
}

if (process.argv.includes('--if-stale') && isCurrent()) process.exit(0);

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  process.stderr.write(
    'incident-responder: lib/ is missing or older than src/, and TypeScript (a development dependency) is not installed: run `npm ci` then `npm run build`, or install on a tree with a built lib/.\n',
  );
  process.exit(1);
}
// One folder per build: two builds at once (npm test in two terminals) must not write into each other's.
const next = at(`.lib-build-${process.pid}`);
const old = at(`.lib-old-${process.pid}`);
rmSync(next, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', at('tsconfig.build.json'), '--outDir', next], {
  stdio: 'inherit',
  cwd: root,
});
if (result.status !== 0) {
  rmSync(next, { recursive: true, force: true });
  process.exit(result.status ?? 1);
}
// Two renames: lib/ is missing only between them, never while tsc runs.
if (existsSync(at('lib'))) renameSync(at('lib'), old);
renameSync(next, at('lib'));
rmSync(old, { recursive: true, force: true });
