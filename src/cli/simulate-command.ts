import { dirname, resolve } from 'node:path';
import { loadYaml, YamlSyntaxError } from '../config/yaml.js';
import { formatTranscript, runScenario, scenarioSchema, type SimulationResult } from '../simulator/scenario.js';
import { EXIT_FINDINGS, EXIT_OK, readInput, type CliIo } from './io.js';

export const SIMULATE_HELP = `Usage: incident-responder simulate SCENARIO.yml [--json] [--dry-run]

Run the real app against an in-process GitHub on a virtual clock and print what it did: every write,
request counts and the final state. The scenario format is described in docs/simulator.md; examples/
has one per shipped template. \`incident-responder demo\` tells the same run as a responder sees it.

  --json      print {start, actions, requests, final} as JSON
  --dry-run   shadow mode: every pass runs, nothing is written; the intents each pass would have
              executed are listed (the transcript's "would:" lines, "dry_run" in --json)
`;

/** Reads, validates and plays a scenario file; problems go to stderr and give undefined. */
export async function playScenarioFile(
  io: CliIo,
  file: string,
  dryRun?: boolean,
): Promise<SimulationResult | undefined> {
  const text = await readInput(io, file);
  let raw: unknown;
  try {
    raw = loadYaml(text);
  } catch (error) {
    const line = error instanceof YamlSyntaxError && error.line !== undefined ? error.line : 1;
    io.stderr(`${file}:${line}: not valid YAML: ${(error as Error).message}\n`);
    return undefined;
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      io.stderr(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}\n`);
    return undefined;
  }
  const base = dirname(resolve(file));
  return runScenario({ scenario: parsed.data, readFile: (path) => readInput(io, resolve(base, path)), dryRun });
}

export async function simulateCommand(params: {
  io: CliIo;
  file: string;
  json: boolean;
  dryRun?: boolean;
}): Promise<number> {
  const { io, file } = params;
  const result = await playScenarioFile(io, file, params.dryRun);
  if (!result) return EXIT_FINDINGS;
  if (params.json) {
    const { transcript: _transcript, ...json } = result;
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    io.stdout(formatTranscript(result));
  }
  return EXIT_OK;
}
