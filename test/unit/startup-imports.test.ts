import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * What start-up loads before it answers a webhook (docs/performance.md, "Start-up"): the modules the entry
 * points reach through static imports, as Node loads them — each file compiled as the build compiles it
 * (type-only imports erased), dynamic `import()` left out since it loads on first use.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** The packages each of these loads on first use only: a static import from start-up brings them back. */
const LOADED_ON_FIRST_USE = [
  'zod',
  'markdown-it',
  'js-yaml',
  'handlebars',
  'vega',
  'vega-lite',
  'bullmq',
  'ioredis',
  'octokit-plugin-create-pull-request',
];
/** The passes and what they alone need (parser, config reader, command recovery's parser). */
const PASS_MODULES = [
  'app/incident-jobs.ts',
  'app/run-incident.ts',
  'app/alert-intake.ts',
  'github/config.ts',
  'github/unhandled-command-comments.ts',
  'domain/alerts/read-payload.ts',
];

function staticImports(file: string): string[] {
  const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: file,
  });
  const source = ts.createSourceFile(file, outputText, ts.ScriptTarget.ES2022);
  return source.statements.flatMap((statement) =>
    (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
    statement.moduleSpecifier &&
    ts.isStringLiteral(statement.moduleSpecifier)
      ? [statement.moduleSpecifier.text]
      : [],
  );
}

/** Own modules (relative to src/) and packages (by name) reached from `entry` through static imports. */
function reached(entry: string): { modules: Set<string>; packages: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    const name = relative(SRC, file);
    if (modules.has(name)) return;
    modules.add(name);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else if (!specifier.startsWith('node:'))
        packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
    }
  };
  visit(resolve(SRC, entry));
  return { modules, packages };
}

describe('start-up loads only what answers a webhook', () => {
  it.each(['app/create-app.ts', 'server.ts', 'index.ts'])(
    '%s reaches none of the packages or passes loaded on first use',
    (entry) => {
      const { modules, packages } = reached(entry);
      expect(LOADED_ON_FIRST_USE.filter((name) => packages.has(name))).toEqual([]);
      expect(PASS_MODULES.filter((name) => modules.has(name))).toEqual([]);
    },
  );

  // The control: the walk does see them where they are imported statically.
  it('the passes themselves reach them (the walk sees static imports)', () => {
    const { modules, packages } = reached('app/incident-jobs.ts');
    expect(['zod', 'markdown-it', 'js-yaml', 'handlebars'].filter((name) => !packages.has(name))).toEqual([]);
    expect(modules.has('app/run-incident.ts')).toBe(true);
    expect(reached('domain/alerts/read-payload.ts').packages.has('zod')).toBe(true);
  });
});
