import type { ActionSummary } from './run-action.js';

/**
 * The job summary of a run (the Markdown GitHub shows on the run's page): what the run did to each
 * incident, what failed, and whether it stopped at `max-writes`. Failure messages may quote GitHub's
 * answers, so they are escaped as text; everything else is numbers and URLs the run made.
 */
export function jobSummary(params: {
  summary: ActionSummary;
  eventName: string;
  repository: { owner: string; repo: string };
  serverUrl: string;
  dryRun: boolean;
  describe: (error: unknown) => string;
}): string {
  const { summary, repository } = params;
  const server = params.serverUrl.endsWith('/') ? params.serverUrl.slice(0, -1) : params.serverUrl;
  const issueUrl = (n: number) => `${server}/${repository.owner}/${repository.repo}/issues/${n}`;
  const link = (n: number) => `[#${n}](${issueUrl(n)})`;
  const lines = [
    '## incident-responder',
    '',
    `${params.dryRun ? '**Dry run**: nothing was written. ' : ''}Event \`${params.eventName}\`: ${summary.incidents} incident(s), ${summary.maintenance > 0 ? `${summary.maintenance} maintenance window(s), ` : ''}${summary.writes} write(s) to GitHub.`,
    '',
  ];
  if (summary.passes.length > 0) {
    lines.push('| Incident | Comments | Warnings | Follow-ups | Report |', '| --- | ---: | ---: | ---: | --- |');
    for (const pass of summary.passes)
      lines.push(
        `| ${link(pass.number)}${pass.maintenance ? ' (maintenance window)' : ''} | ${pass.comments} | ${pass.warnings} | ${pass.followUps} | ${pass.reportPr ? `[pull request](${pass.reportPr})` : ''} |`,
      );
    lines.push('');
  }
  if (summary.stopped) {
    const { maxWrites, left } = summary.stopped;
    lines.push(
      `**Stopped at \`max-writes\` (${maxWrites})**: ${left.length} incident(s) left for the next run, which continues with them: ${left.map(link).join(', ')}.`,
      '',
    );
  }
  if (summary.failures.length > 0) {
    lines.push('**Failed**:', '');
    for (const failure of summary.failures)
      lines.push(
        `- ${failure.number > 0 ? `${link(failure.number)}: ` : ''}${escapeText(params.describe(failure.error))}`,
      );
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** Text shown as text: no HTML, no Markdown link, table or emphasis, no line break. */
function escapeText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|@#]/g, (c) => `\\${c}`);
}
