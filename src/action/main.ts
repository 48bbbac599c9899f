import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import { actionOctokit } from '../github/action-octokit.js';
import { httpStatus } from '../github/octokit.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { jobSummary } from './job-summary.js';
import { runAction, type ActionLog, type ActionSummary } from './run-action.js';

/**
 * The GitHub Action's entry (action.yml `runs.main` runs its bundle, dist/index.js), on @actions/core:
 * inputs, outputs, annotations (which escape `%`, CR and LF so a message stays one workflow command)
 * and the job summary. Exit 0 when the pass succeeded; otherwise one error annotation per problem and
 * exit 1.
 */
const log: ActionLog = {
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
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

function setOutputs(summary: ActionSummary): void {
  core.setOutput('incidents', summary.incidents);
  core.setOutput('maintenance-windows', summary.maintenance);
  core.setOutput('comments', summary.comments);
  core.setOutput('warnings', summary.warnings);
  core.setOutput('follow-ups', summary.followUps);
  core.setOutput('report-pr', summary.reportPr ?? '');
  core.setOutput('writes', summary.writes);
  core.setOutput('stopped-at-max-writes', summary.stopped ? 'true' : 'false');
}

/** The job summary, when the runner offers one (GITHUB_STEP_SUMMARY); a failure to write it fails nothing. */
async function writeJobSummary(inputs: ActionInputs, summary: ActionSummary): Promise<void> {
  if ((process.env.GITHUB_STEP_SUMMARY ?? '').trim() === '') return;
  try {
    const text = jobSummary({
      summary,
      eventName: inputs.eventName,
      repository: inputs.repository,
      serverUrl: inputs.serverUrl,
      dryRun: inputs.dryRun,
      describe,
    });
    await core.summary.addRaw(text).write();
  } catch (error) {
    core.warning(`cannot write the job summary: ${(error as Error).message}`);
  }
}

async function main(): Promise<number> {
  let inputs: ActionInputs;
  try {
    inputs = readInputs(process.env, (name) => core.getInput(name));
  } catch (error) {
    core.error(describe(error));
    return 1;
  }
  let writes = 0;
  let summary: ActionSummary | undefined;
  try {
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
      onWrite: () => (writes += 1),
    });
    summary = await runAction({
      inputs,
      payload,
      octokit,
      log,
      clock: clockOf(process.env),
      writes: () => writes,
    });
    setOutputs(summary);
    log.info(
      `Done: ${summary.incidents} incident(s)${summary.maintenance > 0 ? `, ${summary.maintenance} maintenance window(s)` : ''}, ${summary.comments} comment(s) posted, ${summary.warnings} warning(s), ${summary.followUps} follow-up(s)${summary.reportPr ? `, report ${summary.reportPr}` : ''}; ${summary.writes} write(s).`,
    );
    for (const failure of summary.failures) core.error(`#${failure.number}: ${describe(failure.error)}`);
    await writeJobSummary(inputs, summary);
    return summary.failures.length === 0 ? 0 : 1;
  } catch (error) {
    core.error(describe(error));
    const failed: ActionSummary = summary ?? {
      incidents: 0,
      maintenance: 0,
      comments: 0,
      warnings: 0,
      followUps: 0,
      reportPr: null,
      failures: [],
      passes: [],
      writes,
      stopped: null,
    };
    await writeJobSummary(inputs, { ...failed, failures: [...failed.failures, { number: 0, error }] });
    return 1;
  }
}

process.exitCode = await main();
