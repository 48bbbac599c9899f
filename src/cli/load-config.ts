import { parseConfigYaml, defaultConfig, type ConfigError } from '../config/load.js';
import type { IncidentConfig } from '../config/schema.js';
import { lineOfPath } from '../config/check-files.js';
import { readInput, type CliIo } from './io.js';

export interface CliConfig {
  config: IncidentConfig;
  /** `file:line: key.path: message` lines, empty when the file is valid or absent. */
  problems: string[];
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
