import { load, YAMLException } from 'js-yaml';

/**
 * Untrusted YAML (config files, issue forms, scenarios) loads with js-yaml's core schema (no custom
 * tags, nothing executable) and a bound on aliases, so a "billion laughs" document fails fast instead
 * of expanding into gigabytes.
 */
export const MAX_YAML_ALIASES = 100;

export class YamlSyntaxError extends Error {
  constructor(
    readonly reason: string,
    /** 1-based line, when known. */
    readonly line: number | undefined,
  ) {
    super(line === undefined ? reason : `line ${line}: ${reason}`);
  }
}

/** An empty file (or only comments) is an empty document, which js-yaml 5 would reject. */
function isBlank(text: string): boolean {
  return text.split(/\r?\n/).every((line) => /^\s*(?:#.*)?$/.test(line));
}

export function loadYaml(text: string): unknown {
  if (isBlank(text)) return null;
  try {
    return load(text, { maxAliases: MAX_YAML_ALIASES });
  } catch (error) {
    if (error instanceof YAMLException) {
      throw new YamlSyntaxError(error.reason, error.mark ? error.mark.line + 1 : undefined);
    }
    throw error;
  }
}
