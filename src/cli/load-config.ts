import { parseConfigYaml, defaultConfig, type ConfigError } from '../config/load.js';
import type { IncidentConfig } from '../config/schema.js';
import { readInput, type CliIo } from './io.js';

export interface CliConfig {
  config: IncidentConfig;
  /** `file:line: key.path: message` lines, empty when the file is valid or absent. */
  problems: string[];
}

/** Best-effort line of a key path such as `severity.levels[1].label`, so editors can jump to it. */
export function lineOfPath(text: string, path: string): number {
  const lines = text.split(/\r?\n/);
  let from = 0;
  for (const segment of path.split(/[.[\]]+/).filter((s) => s !== '' && !/^\d+$/.test(s))) {
    const re = new RegExp(`^\\s*(?:-\\s+)?["']?${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`);
    const found = lines.findIndex((line, i) => i >= from && re.test(line));
    if (found === -1) break;
    from = found;
  }
  return from + 1;
}

export function formatConfigProblem(file: string, text: string, error: ConfigError): string {
  const line = error.line ?? lineOfPath(text, error.path);
  return `${file}:${line}: ${error.path === '(root)' ? '' : `${error.path}: `}${error.message}`;
}

export async function loadCliConfig(io: CliIo, file: string | undefined): Promise<CliConfig> {
  if (file === undefined) return { config: defaultConfig(), problems: [] };
  const text = await readInput(io, file);
  const { config, errors } = parseConfigYaml(text);
  return { config, problems: errors.map((e) => formatConfigProblem(file, text, e)) };
}
