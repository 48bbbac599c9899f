import type { Intent, IntentOutcome } from '../domain/incident/intents.js';
import { sealAppComment, type StatusSeal } from '../domain/trust/status-seal.js';
import { incidentKey } from '../domain/incident/incident-ref.js';
import { incidentOf } from './load-incident.js';
import { createComment, updateComment } from './comments.js';
import { createFollowUps } from './follow-ups.js';
import { httpStatus, type IssueRef, type Octokit } from './octokit.js';
import { publishReport } from './reports-repo.js';
import { commitStatusPage } from './status-page-commit.js';

/** Logs a problem the first time it is seen (per key), so a missing permission is not a log flood. */
export type WarnOnce = (key: string, obj: object, msg: string) => void;

/**
 * Statuses that mean "GitHub will not let the app do this here" (no permission, not installed, not
 * found, refused as invalid): the intent is refused and the status comment or the reply says so. Any
 * other failure (5xx, a network error, a rate limit left after retries) fails the job, which the next
 * event, a redelivery or the sweep retries; every write is idempotent, so a retry never duplicates.
 */
const REFUSALS = new Set([403, 404, 422]);

function refused(error: unknown): IntentOutcome {
  return { ok: false, status: httpStatus(error) ?? null, message: (error as Error).message };
}

/**
 * The one place that writes to GitHub: each intent in order, one policy for refusals, writes counted.
 * A dry run writes nothing and answers as if every write worked, so `plan` can show what a pass would do.
 * It only writes: a `refresh-index` request is the index pass's (app/run-report-index.ts), and is
 * skipped here without an outcome.
 */
export async function executeIntents(params: {
  octokit: Octokit;
  ref: IssueRef;
  intents: readonly Intent[];
  incident: { id: number; url: string };
  botLogin: string;
  dryRun?: boolean;
  warnOnce?: WarnOnce;
  /** The Action's signing key: the status and maintenance comments are written sealed (domain/trust/status-seal.ts). */
  seal?: StatusSeal;
}): Promise<{ outcomes: Map<Intent, IntentOutcome>; writes: number }> {
  const { octokit, ref } = params;
  const outcomes = new Map<Intent, IntentOutcome>();
  let writes = 0;
  for (const intent of params.intents) {
    if (intent.kind === 'refresh-index') continue;
    if (params.dryRun) {
      outcomes.set(
        intent,
        intent.kind === 'publish-report'
          ? { ok: true, report: { number: 0, url: '(dry run)', reviewNote: null } }
          : { ok: true },
      );
      continue;
    }
    try {
      const outcome = await write(intent);
      outcomes.set(intent, outcome.result);
      writes += outcome.writes;
    } catch (error) {
      const status = httpStatus(error);
      if (status === undefined) throw error;
      // A command's own write: any refusal goes into the reply to it. The 👍 of a command whose comment
      // was deleted meanwhile (404) is an outcome too: the command is recorded in the status comment all
      // the same, and retrying the job would only meet the same 404 (issue 24).
      const tolerated =
        intent.origin.kind === 'command' ||
        (intent.kind === 'react' && status === 404) ||
        (REFUSALS.has(status) && intent.kind !== 'react' && intent.kind !== 'reply');
      if (!tolerated) throw error;
      if (intent.origin.kind === 'app')
        params.warnOnce?.(
          `${ref.owner}/${ref.repo}:${intent.kind}`,
          { ...ref, status },
          `cannot ${intent.kind.replace('-', ' ')}: ${(error as Error).message}`,
        );
      outcomes.set(intent, refused(error));
    }
  }
  return { outcomes, writes };

  async function write(intent: Intent): Promise<{ result: IntentOutcome; writes: number }> {
    const done = (writes = 1, result: IntentOutcome = { ok: true }) => ({ result, writes });
    switch (intent.kind) {
      case 'add-label':
        await octokit.rest.issues.addLabels({ ...ref, labels: [intent.label] });
        return done();
      case 'remove-label':
        try {
          await octokit.rest.issues.removeLabel({ ...ref, name: intent.label });
        } catch (error) {
          // Already gone: what the intent wanted.
          if (httpStatus(error) !== 404) throw error;
        }
        return done();
      case 'assign':
        await octokit.rest.issues.addAssignees({ ...ref, assignees: [intent.login] });
        return done();
      case 'unassign':
        await octokit.rest.issues.removeAssignees({ ...ref, assignees: [intent.login] });
        return done();
      case 'close':
        await octokit.rest.issues.update({ ...ref, state: 'closed', state_reason: 'completed' });
        return done();
      case 'react':
        await octokit.rest.reactions.createForIssueComment({
          owner: ref.owner,
          repo: ref.repo,
          comment_id: intent.commentId,
          content: '+1',
        });
        return done();
      case 'reply':
      case 'post-warning':
        await createComment(octokit, ref, intent.body);
        return done();
      case 'upsert-status': {
        const body = params.seal
          ? sealAppComment({ body: intent.body, seal: params.seal, incidentKey: incidentKey(incidentOf(ref)) })
          : intent.body;
        if (intent.commentId !== null) {
          await updateComment(octokit, { ...ref, comment_id: intent.commentId, body });
          return done(1, { ok: true, commentId: intent.commentId });
        }
        // Its id, so the next pass reads this one comment instead of looking for it.
        return done(1, { ok: true, commentId: (await createComment(octokit, ref, body)).id });
      }
      case 'create-follow-ups': {
        const created = await createFollowUps({
          octokit,
          incident: {
            owner: ref.owner,
            repo: ref.repo,
            number: ref.issue_number,
            id: params.incident.id,
            url: params.incident.url,
          },
          target: intent.target,
          items: intent.items,
          labels: intent.labels,
          subIssues: intent.subIssues,
          botLogin: params.botLogin,
        });
        return done(created.writes, { ok: true, followUps: created.records });
      }
      case 'publish-report': {
        const published = await publishReport({ octokit, ...intent.report });
        return done(1, { ok: true, report: published });
      }
      case 'publish-status-page': {
        const committed = await commitStatusPage({
          octokit,
          target: intent.target,
          files: intent.files,
          message: intent.message,
          parent: intent.parent,
        });
        return done(committed.writes);
      }
      case 'refresh-index':
        throw new Error('a refresh-index request is run by the index pass, never written here');
    }
  }
}
