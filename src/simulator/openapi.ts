import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { compileRoutes, routeMatcher, simulatedRoutesChecker, type RequestChecker } from './routes.js';

/**
 * The official GitHub REST description (`@octokit/openapi`, api.github.com) as a request checker for
 * the simulator: an unknown route or method is a 404 (as on GitHub), a body that breaks the operation's
 * schema (missing required property, wrong type, value outside an enum) is a 422. So a test passes
 * against the simulator only with requests GitHub would accept. Optional: see ./routes.ts.
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

let description: Description | null = null;
let checker: RequestChecker | null | undefined;

/** Where the description file is, or null when the package is not installed. */
function locate(resolve: (id: string) => string): string | null {
  try {
    // The one file we need: the package's index would load every GitHub flavour (hundreds of MB).
    return resolve('@octokit/openapi/generated/api.github.com.json');
  } catch {
    return null;
  }
}

/**
 * GitHub's description as a request checker, or null when `@octokit/openapi` is not installed (a
 * production install). Loaded at run time, on first use, so production modules never need it.
 * `resolve` is for tests (a package that cannot be found).
 */
export function openApiChecker(options: { resolve?: (id: string) => string } = {}): RequestChecker | null {
  if (!options.resolve && checker !== undefined) return checker;
  const file = locate(options.resolve ?? createRequire(import.meta.url).resolve);
  if (file === null) {
    if (!options.resolve) checker = null;
    return null;
  }
  if (!description) description = JSON.parse(readFileSync(file, 'utf8')) as Description;
  const known = description;
  let routes: ReturnType<typeof compileRoutes> | null = null;
  const operations = function* () {
    for (const [template, methods] of Object.entries(known.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        if (['get', 'post', 'put', 'patch', 'delete'].includes(method))
          yield { method, template, operationId: operation.operationId };
      }
    }
  };
  const loaded: RequestChecker = {
    validates: true,
    matchRoute: routeMatcher(() => (routes ??= compileRoutes(operations()))),
    validateBody,
  };
  if (!options.resolve) checker = loaded;
  return loaded;
}

/** The description's checker when the package is installed, else the simulator's own routes without body checks. */
export function defaultRequestChecker(): RequestChecker {
  return openApiChecker() ?? simulatedRoutesChecker();
}

function resolve(schema: Schema | undefined): Schema | undefined {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i++)
    s = description?.components.schemas[s.$ref.replace('#/components/schemas/', '')];
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
  if (s.enum && !s.enum.includes(value))
    return [`${path} must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`];
  const problems: string[] = [];
  if (typeOk(value, 'object') && s.properties) {
    const object = value as Record<string, unknown>;
    for (const key of s.required ?? []) if (!(key in object)) problems.push(`${path}.${key} is required`);
    for (const [key, child] of Object.entries(object))
      if (s.properties[key]) problems.push(...check(child, s.properties[key], `${path}.${key}`, depth + 1));
  }
  if (Array.isArray(value) && s.items)
    value.forEach((item, i) => problems.push(...check(item, s.items, `${path}[${i}]`, depth + 1)));
  return problems;
}

/** Problems with a request body for the operation, per the description; empty = acceptable. */
function validateBody(method: string, template: string, body: unknown): string[] {
  const operation = description?.paths[template]?.[method.toLowerCase()];
  const content = operation?.requestBody?.content;
  const schema = content?.['application/json']?.schema;
  if (!operation?.requestBody || !schema) return [];
  if (body === undefined) return operation.requestBody.required ? ['a request body is required'] : [];
  return check(body, schema, 'body', 0);
}
