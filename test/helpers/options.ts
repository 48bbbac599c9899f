import { defaultConfig } from '../../src/config/load.js';
import { parseOptionsOf } from '../../src/config/parse-options.js';
import type { ParseOptions } from '../../src/domain/template/checklist.js';

/** The parser options of an empty .github/incident.yml. */
export function defaultParseOptions(): ParseOptions {
  return parseOptionsOf(defaultConfig());
}
