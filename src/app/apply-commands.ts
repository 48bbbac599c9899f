import { helpText, parseCommands, ROLES, type Command, type ParsedLine, type Role } from '../domain/commands.js';
import type { IssueSnapshot } from '../domain/incident-state.js';
import { isRole, recordCommand } from '../domain/command-effects.js';
import { marker, readMarkerJson } from '../domain/markers.js';
import type { IncidentMetadata } from '../domain/metadata.js';
import type { SeverityLevel } from '../domain/severity.js';
import { appComments, createComment, type IssueComment } from '../github/comments.js';
import { httpStatus, type IssueRef, type Octokit } from '../github/octokit.js';
import { inlineText, neutraliseMarkers, neutraliseReferences } from '../render/escape.js';

/** Repository permissions from least to most; a command needs at least the configured one. */
const RANK = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 } as const;
export type PermissionLevel = keyof typeof RANK;

export interface CommandComment {
  id: number;
  body: string;
  author: string;
  authorType: string;
  createdAt: string;
}

export interface CommandSettings {
  prefix: string;
  permission: PermissionLevel;
  resolveCloses: boolean;
  levels: readonly SeverityLevel[];
  mitigatedLabels: readonly string[];
  resolvedLabels: readonly string[];
}

export interface CommandOutcome {
  metadata: IncidentMetadata;
  issue: IssueSnapshot;
  /** `action` commands to turn into follow-up issues, keyed by comment and line. */
  actions: Array<{ id: string; text: string }>;
  /** `/incident report` was run (and allowed). */
  reportRequested: boolean;
  writes: number;
}

/**
 * The commenter's permission from the collaborator-permission API. `author_association` in the payload
 * is not trusted: it describes the relation to the repository's owner, not a permission.
 * https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user
 */
async function permissionOf(octokit: Octokit, ref: IssueRef, login: string): Promise<PermissionLevel> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner: ref.owner, repo: ref.repo, username: login });
    const role = (data as { role_name?: string }).role_name ?? data.permission;
    return role in RANK ? (role as PermissionLevel) : data.permission in RANK ? (data.permission as PermissionLevel) : 'none';
  } catch (error) {
    if (httpStatus(error) === 404) return 'none';
    throw error;
  }
}

function levelLabel(levels: readonly SeverityLevel[], level: string): string | undefined {
  return levels.find((l) => l.name === level)?.label;
}

/** A comment can hold thousands of command lines; the reply lists the first few problems. */
const MAX_PROBLEMS_SHOWN = 10;

/**
 * Runs the `/incident` commands of one new comment: authorise once per comment, apply each command's
 * effect (metadata, labels, assignees, closing), then react 👍 when all worked or reply once with what
 * went wrong. Safe to run again for the same comment (a redelivery): every effect is idempotent, and the
 * reply is found by its marker before posting.
 */
export async function applyCommands(params: {
  octokit: Octokit;
  ref: IssueRef;
  comment: CommandComment;
  comments: readonly IssueComment[];
  botLogin: string;
  issue: IssueSnapshot;
  metadata: IncidentMetadata;
  settings: CommandSettings;
}): Promise<CommandOutcome> {
  const { octokit, ref, comment, settings } = params;
  let metadata: IncidentMetadata = { ...params.metadata, roles: { ...params.metadata.roles } };
  let issue: IssueSnapshot = { ...params.issue, labels: [...params.issue.labels], assignees: [...params.issue.assignees] };
  let reportRequested = false;
  const outcome = (writes: number, actions: CommandOutcome['actions'] = []): CommandOutcome => ({ metadata, issue, actions, writes, reportRequested });
  if (comment.authorType === 'Bot' || comment.author === params.botLogin) return outcome(0);
  const lines = parseCommands({ body: comment.body, prefix: settings.prefix, levels: settings.levels });
  if (lines.length === 0) return outcome(0);

  let writes = 0;
  const problems: string[] = [];
  const notes: string[] = [];
  const actions: CommandOutcome['actions'] = [];
  const at = comment.createdAt;

  const permission = await permissionOf(octokit, ref, comment.author);
  if (RANK[permission] < RANK[settings.permission]) {
    problems.push(`@${comment.author} needs at least **${settings.permission}** permission on this repository to run incident commands (they have ${permission}).`);
  } else {
    for (const line of lines) {
      if (!line.ok) {
        problems.push(`line ${line.line} (\`${inlineText(line.raw, 80)}\`): ${line.error}`);
        continue;
      }
      try {
        writes += await apply({ command: line.command, line });
      } catch (error) {
        // GitHub refused a write (permission, validation, outage): say so; the other commands still run.
        if (httpStatus(error) === undefined) throw error;
        problems.push(`line ${line.line} (\`${inlineText(line.raw, 80)}\`) could not be applied: GitHub answered ${httpStatus(error)} (${inlineText((error as Error).message, 200)}).`);
      }
    }
  }

  async function apply(p: { command: Command; line: ParsedLine }): Promise<number> {
    const { command } = p;
    const previousRoles = metadata.roles;
    metadata = recordCommand({ metadata, command, at, resolveCloses: settings.resolveCloses });
    let w = 0;
    switch (command.verb) {
      case 'help':
        notes.push(`**Incident commands** (one per line):\n\n${helpText(settings.prefix)}`);
        return 0;
      case 'severity': {
        const wanted = levelLabel(settings.levels, command.level);
        const others = settings.levels.filter((l) => l.name !== command.level).map((l) => l.label.toLowerCase());
        for (const label of issue.labels.filter((l) => others.includes(l.toLowerCase()))) {
          await octokit.rest.issues.removeLabel({ ...ref, name: label }).catch((error: unknown) => {
            if (httpStatus(error) !== 404) throw error;
          });
          issue = { ...issue, labels: issue.labels.filter((l) => l !== label) };
          w += 1;
        }
        return w + (await addLabel(wanted));
      }
      case 'action':
        actions.push({ id: `c${comment.id}-${p.line.line}`, text: command.text });
        return 0;
      case 'mitigated':
        return addLabel(settings.mitigatedLabels[0]);
      case 'resolved': {
        if (settings.resolveCloses) {
          if (issue.state !== 'closed') {
            await octokit.rest.issues.update({ ...ref, state: 'closed', state_reason: 'completed' });
            issue = { ...issue, state: 'closed', closedAt: at };
            w += 1;
          }
        } else {
          w += await addLabel(settings.resolvedLabels[0]);
        }
        return w;
      }
      case 'report':
        reportRequested = true;
        return 0;
      default:
        return isRole(command.verb) ? roleCommand({ verb: command.verb, login: (command as { login: string }).login, previous: previousRoles[command.verb] }) : 0;
    }
  }

  /** Adds the label unless the issue has it (any case); the number of writes made. */
  async function addLabel(label: string | undefined): Promise<number> {
    if (!label || issue.labels.some((l) => l.toLowerCase() === label.toLowerCase())) return 0;
    await octokit.rest.issues.addLabels({ ...ref, labels: [label] });
    issue = { ...issue, labels: [...issue.labels, label] };
    return 1;
  }

  async function roleCommand(command: { verb: Role; login: string; previous: string | null }): Promise<number> {
    let w = 0;
    const { previous } = command;
    if (!issue.assignees.some((a) => a.toLowerCase() === command.login.toLowerCase())) {
      try {
        await octokit.rest.issues.addAssignees({ ...ref, assignees: [command.login] });
        issue = { ...issue, assignees: [...issue.assignees, command.login] };
        w += 1;
      } catch (error) {
        if (httpStatus(error) !== 422 && httpStatus(error) !== 404) throw error;
        notes.push(`@${command.login} is the ${command.verb} now, but cannot be assigned to this issue (no access to the repository).`);
      }
    }
    // The previous holder hands the role over; unassign them unless they still hold another role.
    const stillHolds = previous !== null && ROLES.some((r) => metadata.roles[r]?.toLowerCase() === previous.toLowerCase());
    if (previous && !stillHolds && issue.assignees.includes(previous)) {
      await octokit.rest.issues.removeAssignees({ ...ref, assignees: [previous] });
      issue = { ...issue, assignees: issue.assignees.filter((a) => a !== previous) };
      w += 1;
    }
    return w;
  }

  if (problems.length === 0) {
    await octokit.rest.reactions.createForIssueComment({ owner: ref.owner, repo: ref.repo, comment_id: comment.id, content: '+1' });
    writes += 1;
  }
  if (problems.length > 0 || notes.length > 0) {
    const already = appComments(params.comments, 'reply', params.botLogin).some((c) => (readMarkerJson(c.body, 'reply') as { comment?: number } | undefined)?.comment === comment.id);
    if (!already) {
      const shown = problems.length > MAX_PROBLEMS_SHOWN ? [...problems.slice(0, MAX_PROBLEMS_SHOWN - 1), `…and ${problems.length - MAX_PROBLEMS_SHOWN + 1} more lines with problems.`] : problems;
      const text = [...shown.map((p) => `⚠️ ${p}`), ...notes].join('\n\n');
      // The commenter is pinged on purpose; everything else (their own text echoed back) cannot ping.
      await createComment(octokit, ref, `${marker('reply', { comment: comment.id })}\n@${comment.author} ${neutraliseMarkers(neutraliseReferences(text))}\n`);
      writes += 1;
    }
  }
  return outcome(writes, actions);
}
