import { z } from 'zod';
import type { BusinessHours } from '../domain/template/types.js';
import { parseDuration } from './durations.js';
import { configSchema, sections, type IncidentConfig } from './schema.js';
import { loadYaml, YamlSyntaxError } from './yaml.js';

export interface ConfigError {
  /** Key path such as `severity.levels[1].label`, or `(root)`. */
  path: string;
  message: string;
  line?: number;
}

export interface LoadedConfig {
  config: IncidentConfig;
  errors: ConfigError[];
}

/** Files bigger than this are refused: a config is a few hundred bytes, this is a DoS guard. */
export const MAX_CONFIG_BYTES = 256 * 1024;

export function defaultConfig(): IncidentConfig {
  return configSchema.parse({});
}

function pathText(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

export const UNKNOWN_KEY_MESSAGE = 'is not a known key (check the spelling; docs/configuration.md lists every key)';

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.message.startsWith('Invalid input')
        ? `must be ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a mapping of keys' : `a ${issue.expected}`}`
        : issue.message;
    default:
      return issue.message;
  }
}

function errorsOf(error: z.ZodError, prefix: ReadonlyArray<PropertyKey> = []): ConfigError[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathText([...prefix, ...issue.path, key]), message: UNKNOWN_KEY_MESSAGE }))
      : [{ path: pathText([...prefix, ...issue.path]), message: describeIssue(issue) }],
  );
}

/**
 * Validate a parsed config. An invalid section falls back to its defaults while the valid sections
 * are kept, so a typo in `reports` does not switch off deadlines; every problem is reported.
 */
export function parseConfig(raw: unknown): LoadedConfig {
  if (raw === null || raw === undefined) return { config: defaultConfig(), errors: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      config: defaultConfig(),
      errors: [
        {
          path: '(root)',
          message: 'the file must be a mapping of keys (e.g. "severity:"), not a list or a single value',
        },
      ],
    };
  }
  // `_extends` is followed by the app's loader (github/config-files.ts), not part of the schema.
  if (Object.hasOwn(raw, '_extends')) {
    const { _extends: extendsValue, ...rest } = raw as Record<string, unknown>;
    const loaded = parseConfig(rest);
    if (typeof extendsValue === 'string') return loaded;
    return {
      ...loaded,
      errors: [
        {
          path: '_extends',
          message: 'must be a string such as ".github" or "my-repo:path/to/file.yml" (files of the same owner only)',
        },
        ...loaded.errors,
      ],
    };
  }
  const whole = configSchema.safeParse(raw);
  if (whole.success) return { config: whole.data, errors: [] };

  const input = raw as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  const errors: ConfigError[] = [];
  for (const key of Object.keys(input))
    if (!Object.hasOwn(sections, key)) errors.push({ path: key, message: UNKNOWN_KEY_MESSAGE });
  for (const [key, schema] of Object.entries(sections)) {
    if (!Object.hasOwn(input, key)) continue;
    const result = (schema as z.ZodType).safeParse(input[key]);
    if (result.success) kept[key] = input[key];
    else errors.push(...errorsOf(result.error, [key]));
  }
  const combined = configSchema.safeParse(kept);
  if (combined.success) return { config: combined.data, errors };
  // Cross-section problems (e.g. a cadence for a level that does not exist): report, drop the dependants.
  errors.push(...errorsOf(combined.error));
  for (const issue of combined.error.issues) delete kept[String(issue.path[0])];
  const fallback = configSchema.safeParse(kept);
  return { config: fallback.success ? fallback.data : defaultConfig(), errors };
}

/** YAML text -> parseConfig, with YAML syntax errors (and their line) reported the same way. */
export function parseConfigYaml(text: string): LoadedConfig {
  // Bytes, as documented (a text of 256 Ki multi-byte characters is larger); checked before any parsing.
  if (text.length > MAX_CONFIG_BYTES || Buffer.byteLength(text, 'utf8') > MAX_CONFIG_BYTES) {
    return {
      config: defaultConfig(),
      errors: [{ path: '(root)', message: `the file is larger than ${MAX_CONFIG_BYTES / 1024} KiB` }],
    };
  }
  let raw: unknown;
  try {
    raw = loadYaml(text);
  } catch (error) {
    const line = error instanceof YamlSyntaxError ? error.line : undefined;
    const reason = error instanceof YamlSyntaxError ? error.reason : (error as Error).message;
    return {
      config: defaultConfig(),
      errors: [{ path: '(root)', message: `not valid YAML: ${reason}`, ...(line === undefined ? {} : { line }) }],
    };
  }
  return parseConfig(raw);
}

const DAY_NUMBER = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;

function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function businessHoursOf(config: IncidentConfig): BusinessHours {
  const hours = config.business_hours;
  return {
    timezone: hours.timezone,
    days: hours.days.map((d) => DAY_NUMBER[d]),
    startMinute: minutesOfDay(hours.start),
    endMinute: minutesOfDay(hours.end),
  };
}

/** Minutes of a validated config duration. */
export function minutesOf(duration: string): number {
  const minutes = parseDuration(duration);
  if (minutes === null) throw new Error(`not a duration: ${duration}`);
  return minutes;
}

export function formatConfigErrors(errors: readonly ConfigError[]): string[] {
  return errors.map(
    (e) => `${e.line === undefined ? '' : `line ${e.line}: `}${e.path === '(root)' ? '' : `${e.path}: `}${e.message}`,
  );
}
