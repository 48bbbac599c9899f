import { dirname, resolve } from 'node:path';
import { loadYaml, YamlSyntaxError } from '../config/yaml.js';
import { formatTranscript, runScenario, scenarioSchema } from '../simulator/scenario.js';
import { EXIT_FINDINGS, EXIT_OK, readInput, type CliIo } from './io.js';

export const SIMULATE_HELP = `Usage: incident-responder simulate SCENARIO.yml [--json] [--dry-run]

Run the real app against an in-process GitHub on a virtual clock and print what it did: every write,
request counts and the final state. The scenario format is described in docs/simulator.md; examples/
has one per shipped template.

  --json      print {start, actions, requests, final} as JSON
  --dry-run   shadow mode: every pass runs, nothing is written; the intents each pass would have
              executed are listed (the transcript's "would:" lines, "dry_run" in --json)
`;

export async function simulateCommand(params: {
  io: CliIo;
  file: string;
  json: boolean;
  dryRun?: boolean;
}): Promise<number> {
  const { io, file } = params;
  const text = await readInput(io, file);
  let raw: unknown;
  try {
    raw = loadYaml(text);
  } catch (error) {
    const line = error instanceof YamlSyntaxError && error.line !== undefined ? error.line : 1;
    io.stderr(`${file}:${line}: not valid YAML: ${(error as Error).message}\n`);
    return EXIT_FINDINGS;
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      io.stderr(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}\n`);
    return EXIT_FINDINGS;
  }
  const base = dirname(resolve(file));
  const result = await runScenario({
    scenario: parsed.data,
    readFile: (path) => readInput(io, resolve(base, path)),
    dryRun: params.dryRun,
  });
  if (params.json) {
    const { transcript: _transcript, ...json } = result;
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    io.stdout(formatTranscript(result));
  }
  return EXIT_OK;
}
