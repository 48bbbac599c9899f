import type { CommandProblem } from '../domain/commands/apply.js';
import type { Intent, IntentOutcome } from '../domain/incident/intents.js';
import { readMarkerJson } from '../domain/incident/markers.js';
import { triggerComment } from '../domain/incident/trigger.js';
import { renderCommandReply, renderIndexReply, renderReportReply, type ReplyNote } from '../render/reply.js';
import type { PlanContext } from './plan-incident.js';

export type Outcomes = ReadonlyMap<Intent, IntentOutcome>;

/** A write that failed: its status and GitHub's message; null when it worked or did not run. */
export const refusal = (outcome: IntentOutcome | undefined): { status: number | null; message: string } | null =>
  outcome && !outcome.ok ? { status: outcome.status, message: outcome.message } : null;

/**
 * A reply already posted, found by its marker. Sound because replies are written only on passes for a
 * command comment, after it, and those passes read the comments since it (github/load-incident.ts) unless
 * the status comment was this process's own last write (then no reply of the app's is newer than it).
 */
export function repliedTo(context: PlanContext, key: string | number): boolean {
  const { loaded } = context;
  return loaded.comments.some(
    (c) =>
      c.author === loaded.botLogin &&
      (readMarkerJson(c.body, 'reply') as { comment?: unknown } | undefined)?.comment === key,
  );
}

/** Commands: 👍 when every line worked, else one reply with what went wrong (and any notes). */
export function commandReply(params: {
  context: PlanContext;
  intents: readonly Intent[];
  outcomes: Outcomes;
}): Intent[] {
  const { context } = params;
  const comment = triggerComment(context.trigger);
  if (!comment || !context.commands) return [];
  const intents: Intent[] = [];
  const commandProblems: CommandProblem[] = [...context.commands.problems];
  const notes: ReplyNote[] = context.commands.helpRequested
    ? [{ kind: 'help', prefix: context.settings.commands.prefix }]
    : [];
  for (const intent of params.intents) {
    const refused = refusal(params.outcomes.get(intent));
    if (!refused || intent.origin.kind !== 'command') continue;
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
  if (commandProblems.length === 0) intents.push({ kind: 'react', commentId: comment.id, origin: { kind: 'app' } });
  if ((commandProblems.length > 0 || notes.length > 0) && !repliedTo(context, comment.id)) {
    intents.push({
      kind: 'reply',
      key: comment.id,
      body: renderCommandReply({ commentId: comment.id, author: comment.author, problems: commandProblems, notes }),
      origin: { kind: 'app' },
    });
  }
  return intents;
}

/** `/incident report`: the reply says what became of the report. */
export function reportReply(params: { context: PlanContext; message: string | null }): Intent[] {
  const { context, message } = params;
  const comment = triggerComment(context.trigger);
  if (!comment || !context.commands?.reportRequested || !message) return [];
  const key = `report-${comment.id}`;
  if (repliedTo(context, key)) return [];
  return [
    { kind: 'reply', key, body: renderReportReply({ key, author: comment.author, message }), origin: { kind: 'app' } },
  ];
}

/** `/incident stats`: the index pull request's link (a refusal is in the reply to the command). */
export function indexReplies(params: {
  context: PlanContext;
  intents: readonly Intent[];
  outcomes: Outcomes;
}): Intent[] {
  const comment = triggerComment(params.context.trigger);
  const replies: Intent[] = [];
  for (const intent of params.intents) {
    const outcome = params.outcomes.get(intent);
    if (!comment || intent.kind !== 'refresh-index' || intent.origin.kind !== 'command' || !outcome?.ok) continue;
    const key = `index-${comment.id}`;
    if (!repliedTo(params.context, key))
      replies.push({
        kind: 'reply',
        key,
        body: renderIndexReply({ key, author: comment.author, result: outcome.index }),
        origin: { kind: 'app' },
      });
  }
  return replies;
}
