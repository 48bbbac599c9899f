import { followUpRefOf } from '../domain/incident/follow-up-ref.js';
import { incidentKey } from '../domain/incident/incident-ref.js';
import { mayMoveText, type MorePublicOptIn, type Visibility } from '../domain/trust/visibility.js';
import type { FollowUpState, ReportIndex } from '../domain/reports/report-index.js';
import { httpStatus, type Octokit } from './octokit.js';
import { visibilityOf } from './reports-repo.js';

/** One refresh reads at most this many follow-up issues fresh (the oldest open ones); the rest keep the report's state. */
export const MAX_FRESH_FOLLOW_UPS = 50;

const ISSUE_REF = /^([\w.-]+)\/([\w.-]+)#(\d+)$/;

/**
 * Read-only: the current state of the follow-ups the reports list as open (a report keeps the states
 * of the day it was written). The references come from report files, which anyone who can push to the
 * reports repository writes, so a state is read fresh only for an issue the app itself opened as a
 * follow-up of that report's incident (author and marker), and only where the one visibility rule
 * (`mayMoveText`, domain/trust/visibility.ts) lets text of its repository move into the reports repository.
 * Anything else keeps the report's own snapshot.
 */
export async function readFollowUpStates(params: {
  octokit: Octokit;
  index: ReportIndex;
  reportsVisibility: Visibility;
  /** The incident repository's `visibility.allow_more_public`. */
  optIn: MorePublicOptIn;
  botLogin: string;
}): Promise<Record<string, FollowUpState>> {
  const { octokit, index } = params;
  const incidentOf = new Map(index.incidents.map((row) => [row.path, row.incident]));
  const visibility = new Map<string, Visibility | null>();
  const states: Record<string, FollowUpState> = {};
  let read = 0;
  for (const debt of index.followUpDebt) {
    if (read >= MAX_FRESH_FOLLOW_UPS) break;
    const match = debt.issue === null ? null : ISSUE_REF.exec(debt.issue);
    const incident = incidentOf.get(debt.reportPath);
    if (!match || !incident || Object.hasOwn(states, debt.issue as string)) continue;
    const [, owner = '', repo = '', number = ''] = match;
    const repoKey = `${owner}/${repo}`.toLowerCase();
    if (!visibility.has(repoKey)) {
      try {
        visibility.set(repoKey, await visibilityOf(octokit, { owner, repo }));
      } catch (error) {
        if (httpStatus(error) !== 404 && httpStatus(error) !== 403) throw error;
        visibility.set(repoKey, null);
      }
    }
    const from = visibility.get(repoKey);
    if (!from || !mayMoveText({ from, to: params.reportsVisibility, optIn: params.optIn }).allowed) continue;
    read += 1;
    let issue;
    try {
      ({ data: issue } = await octokit.rest.issues.get({ owner, repo, issue_number: Number(number) }));
    } catch (error) {
      if (httpStatus(error) === 404 || httpStatus(error) === 403 || httpStatus(error) === 410) continue;
      throw error;
    }
    const ref = followUpRefOf(issue.body);
    if (issue.user?.login !== params.botLogin || !ref || incidentKey(ref).toLowerCase() !== incident.toLowerCase())
      continue;
    states[debt.issue as string] = {
      state: issue.state === 'closed' ? 'closed' : 'open',
      opened: issue.created_at,
      closed: issue.closed_at ?? null,
    };
  }
  return states;
}
