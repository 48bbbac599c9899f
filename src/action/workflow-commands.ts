import { appendFile } from 'node:fs/promises';

/**
 * Workflow commands: the runner reads `::error::` and `::warning::` lines from stdout; a message must
 * stay one line, so `%`, CR and LF are escaped as the runner expects.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export const errorLine = (message: string): string => `::error::${escapeData(message)}`;
export const warningLine = (message: string): string => `::warning::${escapeData(message)}`;

/**
 * Appends step outputs to the `GITHUB_OUTPUT` file, each as `name<<delimiter` lines, so no value can end
 * one output early or set another.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#setting-an-output-parameter
 */
export async function writeOutputs(path: string, outputs: Record<string, string | number>): Promise<void> {
  let text = '';
  for (const [name, raw] of Object.entries(outputs)) {
    const value = String(raw);
    let delimiter = 'INCIDENT_RESPONDER_EOF';
    while (value.includes(delimiter)) delimiter += '_';
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  await appendFile(path, text, 'utf8');
}
