import { followUpTitle, type FollowUpItem } from '../domain/incident/follow-ups.js';
import { incidentKey, type IncidentRef } from '../domain/incident/incident-ref.js';
import { marker, readMarkerJson } from '../domain/incident/markers.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';
import { inlineText } from '../render/escape.js';
import { httpStatus, MAX_PER_PAGE, type Octokit, type RepoRef } from './octokit.js';

/**
 * Follow-up issues for action items, exactly once: a marker in the follow-up's body names the incident
 * and the item; before creating, the app pages through the target repository's follow-up issues to the
 * end looking for it, so a crash between "created" and "recorded in the status comment" is harmless.
 */

/** GitHub allows at most 100 sub-issues per parent. https://docs.github.com/en/issues/tracking-your-work-with-issues/using-issues/adding-sub-issues */
export const MAX_SUB_ISSUES = 100;

export interface FollowUpMarker {
  incident: string;
  item: string;
}

export type FollowUpRecord = IncidentMetadata['followUps'][string];

/** The incident a follow-up issue comes from: its reference, its issue's id (for sub-issues) and its URL. */
export interface FollowUpSource extends IncidentRef {
  id: number;
  url: string;
}

interface ExistingIssue {
  number: number;
  title: string;
  state: 'open' | 'closed';
  id: number;
  url: string;
}

/** Existing follow-ups of this incident in `target`, by item id. */
async function existingFollowUps(params: {
  octokit: Octokit;
  target: RepoRef;
  incident: string;
  label: string | undefined;
  botLogin: string;
}): Promise<Map<string, ExistingIssue>> {
  const found = new Map<string, ExistingIssue>();
  const issues = await params.octokit.paginate(params.octokit.rest.issues.listForRepo, {
    ...params.target,
    state: 'all',
    per_page: MAX_PER_PAGE,
    ...(params.label ? { labels: params.label } : {}),
  });
  for (const issue of issues) {
    if (issue.user?.login !== params.botLogin) continue;
    const data = readMarkerJson(issue.body, 'follow-up') as Partial<FollowUpMarker> | undefined;
    if (data?.incident === params.incident && typeof data.item === 'string') {
      found.set(data.item, {
        number: issue.number,
        title: issue.title,
        state: issue.state === 'closed' ? 'closed' : 'open',
        id: issue.id,
        url: issue.html_url,
      });
    }
  }
  return found;
}

async function assignable(octokit: Octokit, target: RepoRef, logins: readonly string[]): Promise<string[]> {
  const ok: string[] = [];
  for (const login of logins) {
    try {
      await octokit.rest.issues.checkUserCanBeAssigned({ ...target, assignee: login });
      ok.push(login);
    } catch (error) {
      if (httpStatus(error) !== 404) throw error;
    }
  }
  return ok;
}

function followUpBody(params: { incident: FollowUpSource; item: FollowUpItem }): string {
  const { incident, item } = params;
  const from = item.source === 'command' ? 'an `/incident action` command' : 'the Action items of the incident';
  return [
    marker('follow-up', { incident: incidentKey(incident), item: item.id }),
    `Follow-up of incident ${incidentKey(incident)} (${incident.url}), from ${from}:`,
    '',
    `> ${inlineText(item.text, 2000)}`,
    '',
    "_Opened by incident-responder. Close this issue when the follow-up is done; the incident's status comment tracks it._",
  ].join('\n');
}

/**
 * Create (or find) the follow-up issue of each item and link it as a sub-issue where GitHub allows:
 * same owner, fewer than 100 sub-issues. Returns the records to keep in the status comment, and notes
 * for the status comment where linking was not possible.
 */
export async function createFollowUps(params: {
  octokit: Octokit;
  incident: FollowUpSource;
  target: RepoRef;
  items: readonly FollowUpItem[];
  labels: readonly string[];
  subIssues: boolean;
  botLogin: string;
}): Promise<{ records: Record<string, FollowUpRecord>; writes: number }> {
  const { octokit, incident, target } = params;
  const key = incidentKey(incident);
  const records: Record<string, FollowUpRecord> = {};
  let writes = 0;
  if (params.items.length === 0) return { records, writes };
  const existing = await existingFollowUps({
    octokit,
    target,
    incident: key,
    label: params.labels[0],
    botLogin: params.botLogin,
  });
  const sameOwner = target.owner.toLowerCase() === incident.owner.toLowerCase();
  let subIssueCount: number | null = null;

  for (const item of params.items) {
    let issue = existing.get(item.id);
    if (!issue) {
      const assignees = await assignable(octokit, target, item.mentions);
      const { data } = await octokit.rest.issues.create({
        ...target,
        title: followUpTitle(item.text),
        // The item's text goes through inlineText, which escapes `<`: it cannot open a comment or marker.
        body: followUpBody({ incident, item }),
        labels: [...params.labels],
        assignees,
      });
      writes += 1;
      issue = { number: data.number, title: data.title, state: 'open', id: data.id, url: data.html_url };
    }
    let subIssue = false;
    let note: string | null = null;
    if (params.subIssues && sameOwner) {
      subIssueCount ??= (
        await octokit.paginate(octokit.rest.issues.listSubIssues, {
          owner: incident.owner,
          repo: incident.repo,
          issue_number: incident.number,
          per_page: MAX_PER_PAGE,
        })
      ).length;
      if (subIssueCount >= MAX_SUB_ISSUES) {
        note = `the incident already has ${MAX_SUB_ISSUES} sub-issues, GitHub's limit`;
      } else {
        try {
          await octokit.rest.issues.addSubIssue({
            owner: incident.owner,
            repo: incident.repo,
            issue_number: incident.number,
            sub_issue_id: issue.id,
          });
          subIssue = true;
          subIssueCount += 1;
          writes += 1;
        } catch (error) {
          const status = httpStatus(error);
          if (status === undefined || status >= 500) throw error;
          // Already a sub-issue (a redelivery), or GitHub refused: keep the link either way.
          subIssue = /already|duplicate/i.test((error as Error).message);
          if (!subIssue) note = `GitHub refused it as a sub-issue (${status})`;
        }
      }
    } else if (params.subIssues && !sameOwner) {
      note = 'sub-issues must belong to the same owner as the incident';
    }
    records[item.id] = {
      repo: `${target.owner}/${target.repo}`,
      number: issue.number,
      title: issue.title,
      state: issue.state,
      subIssue,
      note,
      url: issue.url,
    };
  }
  return { records, writes };
}
