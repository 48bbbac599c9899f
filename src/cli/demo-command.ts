import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDemo } from './demo-format.js';
import { EXIT_FINDINGS, EXIT_OK, type CliIo } from './io.js';
import { playScenarioFile } from './simulate-command.js';

/** The scenario the quick start plays: the general template's incident, from page to report. */
export const DEMO_SCENARIO = fileURLToPath(new URL('../../examples/incident.yml', import.meta.url));

export const DEMO_HELP = `Usage: incident-responder demo [SCENARIO.yml]

Play an incident on the built-in simulator (a simulated GitHub on a virtual clock: no credentials, no
network) and show what responders would see: the timeline, each overdue warning, the status comment and
the incident report. Without a file it plays examples/incident.yml.
`;

export async function demoCommand(params: { io: CliIo; file?: string }): Promise<number> {
  const file = params.file ?? DEMO_SCENARIO;
  const result = await playScenarioFile(params.io, file);
  if (!result) return EXIT_FINDINGS;
  params.io.stdout(formatDemo({ result, scenario: relative(process.cwd(), file) || file }));
  return EXIT_OK;
}
