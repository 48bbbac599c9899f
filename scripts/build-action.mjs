#!/usr/bin/env node
// Builds the GitHub Action's entry: src/action/main.ts and everything it imports, bundled with esbuild
// into one ESM file, dist/index.js (action.yml `runs.main`), so a workflow runs it without `npm install`.
// The built-in report template is inlined: the one module that reads it from disk
// (src/render/report-template-file.ts) is replaced by its text. The output is deterministic (no
// timestamps, no absolute paths, no source map), so `node scripts/build-action.mjs --check` can tell
// whether the committed bundle matches the sources.
//
//   node scripts/build-action.mjs           write dist/index.js
//   node scripts/build-action.mjs --check   exit 1 if dist/index.js differs from a fresh build
import { build } from 'esbuild';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'index.js');
const templateModule = join(root, 'src', 'render', 'report-template-file.ts');

const inlineTemplate = {
  name: 'inline-report-template',
  setup(b) {
    b.onLoad({ filter: /report-template-file\.ts$/ }, async (args) => {
      if (args.path !== templateModule) return undefined;
      const text = await readFile(join(root, 'templates', 'report.md.hbs'), 'utf8');
      return {
        loader: 'ts',
        contents: `export function readBuiltInReportTemplate(): Promise<string> {\n  return Promise.resolve(${JSON.stringify(text)});\n}\n`,
      };
    });
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/action/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  write: false,
  outfile,
  legalComments: 'none',
  minify: true,
  charset: 'utf8',
  logLevel: 'warning',
  plugins: [inlineTemplate],
  // Dependencies written as CommonJS call require() for Node's built-ins; an ES module has none of its own.
  banner: {
    js: "// Built by scripts/build-action.mjs from src/action/main.ts: do not edit; run `npm run build:action`.\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
});
const [file] = result.outputFiles;
if (!file) throw new Error('esbuild produced no output');

if (process.argv.includes('--check')) {
  const committed = await readFile(outfile, 'utf8').catch(() => null);
  if (committed !== file.text) {
    console.error(
      `${committed === null ? 'dist/index.js is missing' : 'dist/index.js does not match the sources'}: run \`npm run build:action\` and commit dist/.`,
    );
    process.exit(1);
  }
  console.log('dist/index.js matches the sources.');
} else {
  await mkdir(dirname(outfile), { recursive: true });
  await writeFile(outfile, file.text);
  console.log(`wrote dist/index.js (${Math.round(file.text.length / 1024)} KiB)`);
}
