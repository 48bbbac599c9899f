import { readFile } from 'node:fs/promises';
import { actionOctokit } from '../github/action-octokit.js';
import { httpStatus } from '../github/octokit.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { InputError, readInputs } from './inputs.js';
import { runAction, type ActionLog, type ActionSummary } from './run-action.js';
import { errorLine, warningLine, writeOutputs } from './workflow-commands.js';

/**
 * The GitHub Action's entry (action.yml `runs.main` runs its bundle, dist/index.js). Exit 0 when the
 * pass succeeded; otherwise one `::error::` line per problem and exit 1.
 */
const log: ActionLog = {
  info: (message) => console.log(message),
  warning: (message) => console.log(warningLine(message)),
};

/** One line a user can act on, with the hint GitHub's status calls for. */
function describe(error: unknown): string {
  if (error instanceof InputError) return error.message;
  const status = httpStatus(error);
  const message = (error as Error).message ?? String(error);
  if (status === 401) return `GitHub refused the token (401 ${message}): check the action's \`token\` input`;
  if (status === 403 || status === 404) {
    return `GitHub answered ${status} (${message}): the token may lack a permission (the workflow needs \`issues: write\`; reports need \`contents: write\` and \`pull-requests: write\` on the reports repository, which takes an App installation token when it is another repository)`;
  }
  return status === undefined ? message : `GitHub answered ${status}: ${message}`;
}

/**
 * The time the pass runs at: now, unless INCIDENT_RESPONDER_NOW gives one (ISO 8601), for tests and
 * for replaying a run. Time is injected at this edge only.
 */
function clockOf(env: NodeJS.ProcessEnv): Clock {
  const given = (env.INCIDENT_RESPONDER_NOW ?? '').trim();
  if (given === '') return systemClock();
  const at = new Date(given);
  if (!Number.isFinite(at.getTime()))
    throw new InputError(`INCIDENT_RESPONDER_NOW must be an ISO 8601 time, not "${given}"`);
  return { ...systemClock(), now: () => new Date(at) };
}

function outputsOf(summary: ActionSummary): Record<string, string | number> {
  return {
    incidents: summary.incidents,
    comments: summary.comments,
    warnings: summary.warnings,
    'follow-ups': summary.followUps,
    'report-pr': summary.reportPr ?? '',
  };
}

async function main(): Promise<number> {
  try {
    const inputs = readInputs(process.env);
    let payload: unknown;
    try {
      payload = JSON.parse(await readFile(inputs.eventPath, 'utf8'));
    } catch (error) {
      throw new InputError(
        `cannot read the event payload at GITHUB_EVENT_PATH (${inputs.eventPath}): ${(error as Error).message}`,
      );
    }
    // GitHub asks clients to space writes (the throttling plugin waits up to 3 s between comments); against
    // the simulator in tests that is only real time lost, so tests may turn it off.
    const throttle = (process.env.INCIDENT_RESPONDER_THROTTLE ?? '').trim() !== 'off';
    const octokit = actionOctokit({
      token: inputs.token,
      baseUrl: inputs.apiUrl,
      log: { warn: log.warning },
      throttle,
    });
    const summary = await runAction({ inputs, payload, octokit, log, clock: clockOf(process.env) });
    if (inputs.outputPath) await writeOutputs(inputs.outputPath, outputsOf(summary));
    log.info(
      `Done: ${summary.incidents} incident(s), ${summary.comments} comment(s) posted, ${summary.warnings} warning(s), ${summary.followUps} follow-up(s)${summary.reportPr ? `, report ${summary.reportPr}` : ''}.`,
    );
    for (const failure of summary.failures) console.log(errorLine(`#${failure.number}: ${describe(failure.error)}`));
    return summary.failures.length === 0 ? 0 : 1;
  } catch (error) {
    console.log(errorLine(describe(error)));
    return 1;
  }
}

process.exitCode = await main();
