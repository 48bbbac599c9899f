import type { CommandProblem } from '../domain/commands/apply.js';
import type { Intent, IntentOutcome } from '../domain/incident/intents.js';
import { answeredKeys, replyKeyOf } from '../domain/commands/reply-keys.js';
import { triggerComment } from '../domain/incident/trigger.js';
import { renderCommandReply, type ReplyAnswer, type ReplyNote } from '../render/reply.js';
import type { PlanContext } from './plan-incident.js';

export type Outcomes = ReadonlyMap<Intent, IntentOutcome>;

/** A write that failed: its status and GitHub's message; null when it worked or did not run. */
export const refusal = (outcome: IntentOutcome | undefined): { status: number | null; message: string } | null =>
  outcome && !outcome.ok ? { status: outcome.status, message: outcome.message } : null;

/**
 * A reply already posted to this comment, found by its marker. Sound because replies are written only on
 * passes for a command comment, after it, and those passes read the comments since it
 * (github/load-incident.ts) unless the status comment was this process's own last write (then no reply
 * of the app's is newer than it).
 */
export function repliedTo(context: PlanContext, commentId: number): boolean {
  const { loaded } = context;
  const keys = answeredKeys(commentId);
  return loaded.comments.some((c) => {
    if (c.author !== loaded.botLogin) return false;
    const key = replyKeyOf(c.body);
    return key !== null && keys.includes(key);
  });
}

/**
 * The app's answer to a command comment: 👍 when every line worked, and at most one reply, whatever the
 * comment holds (issue #25, finding 3: a comment past the line cap with a `stats` line got the cap's
 * reply and the index's answer, each pinging its author). The reply says what went wrong, then what was
 * asked for (the report's fate, the index pull request's link), then notes (an unassignable role, help).
 * The index answer is kept when lines were refused: its rebuild ran and cost its requests, and the
 * link is what the person typing `stats` in an outage came for.
 */
export function commentReply(params: {
  context: PlanContext;
  intents: readonly Intent[];
  outcomes: Outcomes;
  /** What became of the report this pass, for `/incident report` (settle-writes.ts). */
  reportMessage: string | null;
}): Intent[] {
  const { context } = params;
  const comment = triggerComment(context.trigger);
  if (!comment || !context.commands) return [];
  const intents: Intent[] = [];
  const commandProblems: CommandProblem[] = [...context.commands.problems];
  const answers: ReplyAnswer[] = [];
  if (context.commands.reportRequested && params.reportMessage)
    answers.push({ kind: 'report', message: params.reportMessage });
  const notes: ReplyNote[] = [];
  for (const intent of params.intents) {
    const outcome = params.outcomes.get(intent);
    if (intent.origin.kind !== 'command') continue;
    // The index pass ran (or would have, in a dry run); at most one per comment (domain/commands/apply.ts).
    if (intent.kind === 'refresh-index' && outcome?.ok && !answers.some((a) => a.kind === 'index'))
      answers.push({ kind: 'index', result: outcome.index });
    const refused = refusal(outcome);
    if (!refused) continue;
    // Someone without access to the repository can hold a role; they just cannot be assigned.
    if (intent.kind === 'assign' && (refused.status === 422 || refused.status === 404))
      notes.push({ kind: 'unassignable', login: intent.login, role: intent.role });
    else
      commandProblems.push({
        kind: 'refused',
        line: intent.origin.line,
        raw: intent.origin.raw,
        status: refused.status,
        message: refused.message,
      });
  }
  if (context.commands.helpRequested) notes.push({ kind: 'help', prefix: context.settings.commands.prefix });
  if (commandProblems.length === 0) intents.push({ kind: 'react', commentId: comment.id, origin: { kind: 'app' } });
  const answered = commandProblems.length > 0 || answers.length > 0 || notes.length > 0;
  if (answered && !repliedTo(context, comment.id)) {
    intents.push({
      kind: 'reply',
      key: comment.id,
      body: renderCommandReply({
        commentId: comment.id,
        author: comment.author,
        problems: commandProblems,
        answers,
        notes,
      }),
      origin: { kind: 'app' },
    });
  }
  return intents;
}
