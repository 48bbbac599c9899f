import type { IssueSnapshot } from '../domain/incident/incident-state.js';
import type { Intent } from '../domain/incident/intents.js';
import type { LoadedMaintenance } from '../domain/status-page/loaded-maintenance.js';
import { triggerIssue } from '../domain/incident/trigger.js';
import { incidentKey } from '../domain/incident/incident-ref.js';
import { sealedMaintenanceComments } from '../domain/trust/status-seal.js';
import { incidentOf } from '../github/load-incident.js';
import { listComments } from '../github/comments.js';
import { executeIntents } from '../github/execute.js';
import { getIssue } from '../github/issues.js';
import { permissionOf } from '../github/permissions.js';
import { visibilityIfVisible } from '../github/reports-repo.js';
import { readStatusPageBranch } from '../github/status-page-branch.js';
import { loadTargetConsent } from '../github/target-consent.js';
import { maintenanceConcern, planMaintenance, settleMaintenance } from '../plan/plan-maintenance.js';
import type { PassInputs, PassResult } from './run-incident.js';

/** Consent, then the branch: at most this many rounds of reads before the plan decides. */
const MAX_READ_ROUNDS = 3;

/**
 * One pass over an issue that is not an incident but may be a maintenance window (run-incident.ts hands
 * it over; the incident's job lane keeps its passes one at a time): load -> plan (pure) -> execute.
 * Tracked while its window is published and not completed, so the runtime wakes it at its next phase
 * change and the page moves by itself at the start and at the end.
 */
export async function runMaintenance(
  params: PassInputs & {
    /** The issue as the incident pass's load read it (null: gone); read here when not given. */
    issue?: IssueSnapshot | null;
  },
): Promise<PassResult> {
  const { octokit, ref, settings } = params;
  const untracked: PassResult = { tracked: false, nextWakeAt: null, writes: 0, intents: [], outcomes: new Map() };
  // Most issues are neither: nothing is read for them beyond what the incident pass already had.
  const given = params.issue !== undefined ? params.issue : triggerIssue(params.trigger);
  if (!settings.statusPage || (given && !maintenanceConcern({ issue: given, settings, now: params.now })))
    return untracked;
  const issue = given !== undefined ? given : await getIssue(octokit, ref);
  const concern = issue ? maintenanceConcern({ issue, settings, now: params.now }) : null;
  if (!issue || !concern) return untracked;
  // An issue that lost the label only leaves the page: its comments and its author's permission are not needed.
  const labelled = concern === 'window';
  let loaded: LoadedMaintenance = {
    ref: { owner: ref.owner, repo: ref.repo, number: ref.issue_number },
    issue,
    botLogin: params.botLogin,
    comments: labelled
      ? sealedMaintenanceComments({
          comments: await listComments(octokit, ref),
          seal: params.seal,
          incidentKey: incidentKey(incidentOf(ref)),
        })
      : [],
    authorPermission: labelled ? await permissionOf(octokit, ref, issue.author) : 'none',
  };
  const serverRules = params.serverRules ?? [];
  let plan = planMaintenance({ loaded, settings, now: params.now, serverRules });
  for (let round = 0; plan.needs && round < MAX_READ_ROUNDS; round++) {
    const { target, statusPage } = plan.needs;
    if (target) {
      const [owner = '', repo = ''] = target.split('/');
      loaded = {
        ...loaded,
        targets: {
          ...loaded.targets,
          [target]: {
            consent: await loadTargetConsent(octokit, { owner, repo }),
            visibility: await visibilityIfVisible(octokit, { owner, repo }),
          },
        },
        sourceVisibility:
          loaded.sourceVisibility !== undefined ? loaded.sourceVisibility : await visibilityIfVisible(octokit, ref),
      };
    }
    if (statusPage) loaded = { ...loaded, statusPage: await readStatusPageBranch(octokit, statusPage) };
    plan = planMaintenance({ loaded, settings, now: params.now, serverRules });
  }
  if (plan.needs)
    throw new Error(`the plan for maintenance window ${ref.owner}/${ref.repo}#${ref.issue_number} still needs input`);
  const execute = (intents: readonly Intent[]) =>
    executeIntents({
      octokit,
      ref,
      intents,
      incident: { id: issue.id, url: issue.htmlUrl },
      botLogin: params.botLogin,
      dryRun: params.dryRun,
      warnOnce: params.warnOnce,
      seal: params.seal,
    });
  // The page first: the comment says what became of it.
  const first = await execute(plan.intents.filter((i) => i.kind !== 'upsert-status'));
  const comment = settleMaintenance({ loaded, intents: plan.intents, outcomes: first.outcomes });
  const second = await execute(comment);
  const intents = [...plan.intents.filter((i) => i.kind !== 'upsert-status'), ...comment];
  const outcomes = new Map([...first.outcomes, ...second.outcomes]);
  const writes = first.writes + second.writes;
  return { tracked: plan.tracked, nextWakeAt: plan.nextWakeAt, writes, intents, outcomes, maintenance: labelled };
}
