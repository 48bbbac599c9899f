import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import regexpPlugin from 'eslint-plugin-regexp';

export default tseslint.config(
  { ignores: ['lib/', '.lib-build-*/', '.lib-old-*/', '.bench/', 'dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Regular expressions run on untrusted text (issue bodies, comments, configs): none may backtrack
  // super-linearly, or one input stalls the event loop for every installation (issue #12, finding 5).
  regexpPlugin.configs['flat/recommended'],
  {
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
  // The folder rules of docs/architecture.md, enforced: data flows one way and only github/ talks to GitHub.
  ...folderRules(),
  // A plan reads as a short sequence of named decisions (docs/architecture.md): none grows into a wall.
  {
    files: ['src/plan/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }] },
  },
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);

/** One `no-restricted-imports` block per folder: which other folders and packages it may not import. */
function folderRules() {
  const octokit = ['probot', '@octokit/*', 'octokit-plugin-create-pull-request', '@probot/*'];
  const io = ['node:fs', 'node:fs/*', 'node:http', 'node:https', 'node:net', 'node:child_process', 'ioredis', 'bullmq'];
  const folders = (...names) => names.flatMap((n) => [`**/${n}/**`, `../${n}/*`, `../../${n}/*`]);
  const rule = (files, groups, message) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }] },
  });
  const pure = 'is pure: no I/O, no clock, and it never imports the layers that call it (docs/architecture.md)';
  return [
    rule(
      ['src/domain/**/*.ts'],
      [
        ...folders('github', 'runtime', 'app', 'action', 'cli', 'server', 'simulator', 'render', 'plan', 'config'),
        ...octokit,
        ...io,
      ],
      `src/domain/ ${pure}`,
    ),
    rule(
      ['src/plan/**/*.ts'],
      [...folders('github', 'runtime', 'app', 'action', 'cli', 'server', 'simulator', 'config'), ...octokit, ...io],
      `src/plan/ ${pure}`,
    ),
    rule(
      ['src/intake/**/*.ts'],
      [
        ...folders('github', 'runtime', 'app', 'action', 'cli', 'server', 'simulator', 'plan', 'render', 'config'),
        'probot',
        '@probot/*',
        '@octokit/rest',
        '@octokit/core',
        '@octokit/plugin-*',
        'octokit-plugin-create-pull-request',
        ...io,
      ],
      'src/intake/ maps an event to a job, pure: it reads payload types only, never GitHub (docs/architecture.md)',
    ),
    rule(
      ['src/render/**/*.ts'],
      [...folders('github', 'runtime', 'app', 'action', 'cli', 'server', 'simulator', 'plan'), ...octokit],
      'src/render/ turns the view into text: it never reads GitHub or runs passes (docs/architecture.md)',
    ),
    rule(
      ['src/config/**/*.ts'],
      [...folders('github', 'runtime', 'app', 'action', 'cli', 'server', 'simulator', 'plan', 'render'), ...octokit],
      'src/config/ is the schema and its readers: it imports only domain/ (docs/architecture.md)',
    ),
    rule(
      ['src/runtime/**/*.ts'],
      [...folders('github', 'app', 'action', 'cli', 'server', 'simulator', 'plan', 'render'), ...octokit],
      'src/runtime/ queues and schedules: it never calls GitHub (docs/architecture.md)',
    ),
    rule(
      ['src/app/**/*.ts', 'src/action/**/*.ts', 'src/cli/**/*.ts', 'src/server/**/*.ts', 'src/*.ts'],
      ['@octokit/rest', '@octokit/plugin-*', '@octokit/core', 'octokit-plugin-create-pull-request'],
      'only src/github/ calls Octokit (docs/architecture.md)',
    ),
  ];
}
