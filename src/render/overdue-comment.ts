import { marker } from '../domain/incident/markers.js';
import { warningKey } from '../domain/incident/overdue.js';
import type { StepStatus } from '../domain/incident/status.js';
import type { Step } from '../domain/template/types.js';
import { inlineText, neutraliseMarkers } from './escape.js';
import { localTime, span } from './time.js';

/**
 * One comment naming every step that just became overdue. The marker lists the warning keys, so the
 * app can tell from the comments alone which warnings were posted (if it crashed before saving that
 * in the status comment, it still never posts the same warning twice).
 */
export function renderOverdueComment(params: {
  due: readonly StepStatus[];
  steps: readonly Step[];
  /** Logins to mention (the lead, else the assignees, else the author); empty = nobody. */
  mention: readonly string[];
  /** Logins to name without a ping: they were @mentioned a short while ago (`reminders.mention_interval`). */
  named?: readonly string[];
  statusUrl: string | null;
  /** IANA time zone for the times shown (`display.timezone`); UTC when absent. */
  timeZone?: string;
  now: Date;
}): string {
  const byId = new Map(params.steps.map((s) => [s.id, s]));
  const lines: string[] = [];
  const who = [
    ...params.mention.map((login) => `@${login}`),
    ...(params.named ?? []).map((login) => `\`${login}\``),
  ].join(' ');
  const count = params.due.length;
  lines.push(`🔴 ${who ? `${who} ` : ''}**${count} step${count === 1 ? ' is' : 's are'} overdue:**`, '');
  for (const status of params.due) {
    const step = byId.get(status.id);
    if (!step) continue;
    const late = status.dueAt
      ? `due ${localTime(status.dueAt, params.timeZone)}, overdue by ${span(params.now.getTime() - status.dueAt.getTime())}`
      : 'overdue';
    const recurring = status.occurrence !== null ? ' (no status update in time)' : '';
    lines.push(`- **${inlineText(step.text, 200)}**: ${late}${recurring}`);
  }
  lines.push(
    '',
    `Tick the box when a step is done (a step that names a command is done when it runs); \`/incident snooze N 30m\` if it can wait, \`/incident skip N\` if it does not apply${params.statusUrl ? `; see the [status](${params.statusUrl}) for all steps` : ''}.`,
  );
  // Mentions are ours (logins from GitHub), the rest is neutralised text: no marker can be forged.
  return `${marker('overdue', { keys: params.due.map(warningKey) })}\n${neutraliseMarkers(lines.join('\n'))}\n`;
}
