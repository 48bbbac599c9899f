import type { CommandProblem } from '../domain/commands/apply.js';
import { helpText } from '../domain/commands/parse.js';
import { indexCooldownKey, type IndexRefreshResult } from '../domain/reports/index-refresh.js';
import { marker } from '../domain/incident/markers.js';
import { inlineText, neutraliseMarkers, neutraliseReferences } from './escape.js';

/** A comment can hold thousands of command lines; the reply lists the first few problems. */
const MAX_PROBLEMS_SHOWN = 10;

function problemText(problem: CommandProblem): string {
  switch (problem.kind) {
    case 'permission':
      return `@${problem.author} needs at least **${problem.need}** permission on this repository to run incident commands (they have ${problem.have}).`;
    case 'usage':
      return `line ${problem.line} (\`${inlineText(problem.raw, 80)}\`): ${problem.message}`;
    case 'refused':
      if (problem.status === null)
        return `line ${problem.line} (\`${inlineText(problem.raw, 80)}\`) was not run: ${inlineText(problem.message, 300)}`;
      return `line ${problem.line} (\`${inlineText(problem.raw, 80)}\`) could not be applied: GitHub answered ${problem.status} (${inlineText(problem.message, 200)}).`;
    case 'too-many-lines':
      return `this comment has ${problem.count} command lines; one comment runs at most ${problem.max}, so the lines after the ${problem.max}th were not run. Post the rest in another comment.`;
    case 'too-many-actions':
      return `this comment has ${problem.count} \`action\` lines; one comment opens at most ${problem.max} follow-up issues, so the lines after the ${problem.max}th were not run. Post the rest in another comment.`;
  }
}

export type ReplyNote = { kind: 'help'; prefix: string } | { kind: 'unassignable'; login: string; role: string };

function noteText(note: ReplyNote): string {
  if (note.kind === 'help') return `**Incident commands** (one per line):\n\n${helpText(note.prefix)}`;
  return `@${note.login} is the ${note.role} now, but cannot be assigned to this issue (no access to the repository).`;
}

/** What a command asked for, answered in the reply: the report's fate, or the index refresh's result. */
export type ReplyAnswer =
  { kind: 'report'; message: string } | { kind: 'index'; result: IndexRefreshResult | undefined };

/**
 * The one reply to a command comment: what did not work, what was asked for, then notes (help last, it
 * is long). The commenter is pinged on purpose, once; everything else (their own text echoed back)
 * cannot ping.
 */
export function renderCommandReply(params: {
  commentId: number;
  author: string;
  problems: readonly CommandProblem[];
  answers?: readonly ReplyAnswer[];
  notes: readonly ReplyNote[];
}): string {
  const problems = params.problems.map(problemText);
  const shown =
    problems.length > MAX_PROBLEMS_SHOWN
      ? [
          ...problems.slice(0, MAX_PROBLEMS_SHOWN - 1),
          `…and ${problems.length - MAX_PROBLEMS_SHOWN + 1} more lines with problems.`,
        ]
      : problems;
  const safe = (text: string) => neutraliseMarkers(neutraliseReferences(text));
  const parts = [
    ...shown.map((p) => safe(`⚠️ ${p}`)),
    // Built from escaped values and GitHub's own links: neutralising them again would only mangle the link text.
    ...(params.answers ?? []).map(answerText),
    ...params.notes.map((n) => safe(noteText(n))),
  ];
  // A reply that answers a rebuild of the index says which in its marker: the Action, which keeps nothing
  // between runs, finds its `/incident stats` cooldown there (github/index-cooldown-replies.ts).
  const rebuilt = (params.answers ?? []).flatMap((a) =>
    a.kind === 'index' && a.result && a.result.change !== 'cooling' ? [indexCooldownKey(a.result.repo)] : [],
  )[0];
  const data = rebuilt === undefined ? { comment: params.commentId } : { comment: params.commentId, index: rebuilt };
  return `${marker('reply', data)}\n@${params.author} ${parts.join('\n\n')}\n`;
}

function answerText(answer: ReplyAnswer): string {
  return answer.kind === 'report' ? inlineText(answer.message, 1_000) : indexAnswerText(answer.result);
}

/** The answer to `/incident stats`: the index pull request's link, or that the index is up to date. */
function indexAnswerText(result: IndexRefreshResult | undefined): string {
  if (!result) return 'The index of the incident reports would be refreshed (dry run).';
  if (result.change === 'cooling') {
    const until = result.nextAt ? ` after ${result.nextAt.slice(0, 16).replace('T', ' ')} UTC` : ' later';
    return `The index in ${inlineText(result.repo, 200)} was rebuilt a short while ago, so it was not rebuilt again now (its repository sets how often \`stats\` may rebuild it). Run it again${until}; a merged report refreshes it at any time.`;
  }
  const repo = inlineText(result.repo, 200);
  const counted = `${result.reports} report${result.reports === 1 ? '' : 's'}${result.skipped > 0 ? `; ${result.skipped} file${result.skipped === 1 ? '' : 's'} skipped, the index lists why` : ''}`;
  // The link is GitHub's own html_url of the pull request.
  const link = result.pull ? `[${repo}#${result.pull.number}](${result.pull.url})` : null;
  if (result.change === 'opened')
    return `The index of the incident reports (${counted}) is in a new pull request: ${link}.`;
  if (result.change === 'updated') return `The index pull request ${link} is updated (${counted}).`;
  if (link) return `The index (${counted}) is up to date in its open pull request ${link}.`;
  return `The index in ${repo} (${counted}) is up to date: nothing to change.`;
}
