import type { CommentRecord } from '../incident/loaded-incident.js';
import { readMarker } from '../incident/markers.js';
import { answeredKeys, replyKeyOf } from './reply-keys.js';
import { parseMetadata } from '../incident/metadata.js';
import type { SeverityLevel } from '../template/severity.js';
import { parseCommands } from './parse.js';

/**
 * The command comments of an incident that no pass has handled, oldest first (issue 24): one process
 * without Redis keeps its queue in memory, so a SIGKILL loses commands GitHub already got a 200 for and
 * will not redeliver. A pass that handles a command either records it in the status comment (with its
 * 👍) or answers it (a reply carrying the comment's id), so a command comment with neither was never
 * handled. `comments` are those updated since `notBefore` (a listing with `since`): a command accepted
 * after that time made the status comment change after it too, so the status comment is among them.
 *
 * When it is not (someone deleted it), the app's 👍 is the only record: a comment with no 👍 at all is
 * pending; one with some 👍 is `unsure` and the caller asks GitHub whose they are. The pass that runs a
 * pending comment still applies every live rule (permission, the comment as GitHub has it now, once per
 * comment id): this only chooses what to hand it.
 */
export function unhandledCommands(params: {
  comments: readonly CommentRecord[];
  botLogin: string;
  prefix: string;
  levels: readonly SeverityLevel[];
  /** Comments older than this are not run: the window of the start-up sweep. */
  notBefore: Date;
}): { pending: CommentRecord[]; unsure: CommentRecord[] } {
  const { comments, botLogin } = params;
  const mine = comments.filter((c) => c.author === botLogin);
  const status = mine.find((c) => readMarker(c.body, 'status') !== undefined);
  const accepted = status ? parseMetadata(readMarker(status.body, 'status')?.data ?? null).accepted : null;
  const replied = new Set(mine.map((c) => replyKeyOf(c.body)));
  const pending: CommentRecord[] = [];
  const unsure: CommentRecord[] = [];
  const oldestFirst = [...comments].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id);
  for (const comment of oldestFirst) {
    if (comment.author === botLogin || !(Date.parse(comment.createdAt) >= params.notBefore.getTime())) continue;
    // The live rule (intake): a bot's comment is never a command, so queuing it would only spend the pass's read.
    if (comment.authorType === 'Bot') continue;
    if (answeredKeys(comment.id).some((key) => replied.has(key)) || (accepted && String(comment.id) in accepted))
      continue;
    if (parseCommands({ body: comment.body, prefix: params.prefix, levels: params.levels }).length === 0) continue;
    if (!accepted && comment.plusOnes > 0) unsure.push(comment);
    else pending.push(comment);
  }
  return { pending, unsure };
}
