import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { boundedMemo } from '../domain/bounded-memo.js';

/**
 * The official GitHub REST description (`@octokit/openapi`, api.github.com) as a request checker for
 * the simulator: an unknown route or method is a 404 (as on GitHub), a body that breaks the operation's
 * schema (missing required property, wrong type, value outside an enum) is a 422. So a test passes
 * against the simulator only with requests GitHub would accept.
 */
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  $ref?: string;
}

interface Operation {
  operationId: string;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
}

interface Description {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  params: string[];
  operation: Operation;
}

let routes: Route[] | null = null;
let description: Description | null = null;

function load(): Route[] {
  if (routes) return routes;
  // Read the one file we need: the package's index would load every GitHub flavour (hundreds of MB).
  const require = createRequire(import.meta.url);
  let file: string;
  try {
    file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  } catch {
    throw new Error('the simulator checks requests against @octokit/openapi, a development dependency: run `npm ci` (not --omit=dev)');
  }
  description = JSON.parse(readFileSync(file, 'utf8')) as Description;
  routes = [];
  for (const [template, methods] of Object.entries(description.paths)) {
    const params: string[] = [];
    const pattern = template.replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '{' || c === '}' ? c : `\\${c}`)).replace(/\{([^{}]+)\}/g, (_m, name: string) => {
      params.push(name);
      // `ref` and `path` span slashes (git refs, file paths); other parameters do not.
      return name === 'path' || name === 'ref' ? '(.+)' : '([^/]+)';
    });
    for (const [method, operation] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      routes.push({ method: method.toUpperCase(), template, regex: new RegExp(`^${pattern}$`), params, operation });
    }
  }
  // Literal segments beat parameters (`/issues/comments/{id}` before `/issues/{number}`).
  routes.sort((a, b) => b.template.replace(/\{[^{}]+\}/g, '').length - a.template.replace(/\{[^{}]+\}/g, '').length);
  return routes;
}

export interface MatchedRoute {
  template: string;
  operationId: string;
  params: Record<string, string>;
}

/** Matching walks ~1,000 route patterns; a run asks for the same few paths again and again. */
const matched = boundedMemo({
  limit: 10_000,
  compute: (key: string) => {
    const space = key.indexOf(' ');
    return findRoute(key.slice(0, space), key.slice(space + 1));
  },
});

export function matchRoute(method: string, path: string): MatchedRoute | null {
  const result = matched(`${method} ${path}`);
  // A copy: callers may change what they are given.
  return result && { ...result, params: { ...result.params } };
}

function findRoute(method: string, path: string): MatchedRoute | null {
  for (const route of load()) {
    if (route.method !== method) continue;
    const m = route.regex.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    route.params.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? '')));
    return { template: route.template, operationId: route.operation.operationId, params };
  }
  return null;
}

function resolve(schema: Schema | undefined): Schema | undefined {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i++) s = description?.components.schemas[s.$ref.replace('#/components/schemas/', '')];
  return s;
}

function typeOk(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

/** Problems of `value` against `schema`, as messages with a JSON path; depth-bounded. */
function check(value: unknown, schema: Schema | undefined, path: string, depth: number): string[] {
  const s = resolve(schema);
  if (!s || depth > 6) return [];
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) {
    const results = alternatives.map((alt) => check(value, alt, path, depth + 1));
    return results.some((r) => r.length === 0) ? [] : (results[0] ?? []);
  }
  if (s.allOf) return s.allOf.flatMap((part) => check(value, part, path, depth + 1));
  if (value === null && s.nullable) return [];
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  if (types.length > 0 && !types.some((t) => typeOk(value, t))) return [`${path} must be ${types.join(' or ')}`];
  if (s.enum && !s.enum.includes(value)) return [`${path} must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`];
  const problems: string[] = [];
  if (typeOk(value, 'object') && s.properties) {
    const object = value as Record<string, unknown>;
    for (const key of s.required ?? []) if (!(key in object)) problems.push(`${path}.${key} is required`);
    for (const [key, child] of Object.entries(object)) if (s.properties[key]) problems.push(...check(child, s.properties[key], `${path}.${key}`, depth + 1));
  }
  if (Array.isArray(value) && s.items) value.forEach((item, i) => problems.push(...check(item, s.items, `${path}[${i}]`, depth + 1)));
  return problems;
}

/** Problems with a request body for the operation, per the description; empty = acceptable. */
export function validateBody(method: string, template: string, body: unknown): string[] {
  load();
  const operation = description?.paths[template]?.[method.toLowerCase()];
  const content = operation?.requestBody?.content;
  const schema = content?.['application/json']?.schema;
  if (!operation?.requestBody || !schema) return [];
  if (body === undefined) return operation.requestBody.required ? ['a request body is required'] : [];
  return check(body, schema, 'body', 0);
}
