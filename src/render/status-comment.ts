import { formatDeadline } from '../domain/template/deadlines.js';
import { sha256Hex } from '../domain/shared/hash.js';
import { marker } from '../domain/incident/markers.js';
import type { Phase } from '../domain/incident/incident-state.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';
import type { AlertMemory } from '../domain/alerts/fold.js';
import { renderAlertLines } from './alert-lines.js';
import type { StatusResult, StepStatus } from '../domain/incident/status.js';
import type { Deadline, ParseWarning, Step } from '../domain/template/types.js';
import { inlineText, neutraliseMarkers, neutraliseReferences } from './escape.js';
import { localTime, span } from './time.js';

export interface StatusView {
  phase: Phase;
  severity: string | null;
  severitySource: 'label' | 'command' | 'body' | null;
  steps: readonly Step[];
  status: StatusResult;
  /** Problems in the template (parser warnings). */
  warnings: readonly ParseWarning[];
  /** Readable config problems (`key.path: message`); defaults are in use meanwhile. */
  configErrors: readonly string[];
  /** Problems the app ran into writing to GitHub (missing permission, ...), shown until fixed. */
  problems: readonly string[];
  roles: { lead: string | null; scribe: string | null; comms: string | null };
  summary: string | null;
  impact: string | null;
  /** When the impact started, when it is not when the issue was opened. */
  impactStart: Date | null;
  /** The GitHub server's address (https://github.com, or a GitHub Enterprise Server), for links. */
  server: string;
  lastStatus: { at: Date; text: string } | null;
  followUps: ReadonlyArray<{
    repo: string;
    number: number;
    title: string;
    state: 'open' | 'closed';
    subIssue: boolean;
    note: string | null;
    url?: string | null;
  }>;
  report: { repo: string; number: number; url: string } | null;
  reportProblem: string | null;
  /** Step id -> the event that completed it ("done by `/incident lead @bob` at ..."). */
  doneBy?: Readonly<Record<string, { at: string; by: string | null; via: string }>>;
  /** Step id -> `/incident skip` (who, why). */
  skipped?: Readonly<Record<string, { by: string; reason: string | null }>>;
  /** Until when overdue warnings fold into this comment, and the hourly cap that made them. */
  folded?: { until: Date; maxPerHour: number } | null;
  /** IANA time zone times are shown in (`display.timezone`); UTC when absent. */
  timeZone?: string;
  /** The alert group this incident was opened from (domain/alerts/fold.ts). */
  alerts?: AlertMemory | null;
  now: Date;
}

const PHASE_TEXT: Record<Phase, string> = {
  active: '🔥 Active',
  acknowledged: '👀 Acknowledged',
  mitigated: '🩹 Mitigated',
  resolved: '✅ Resolved',
};

const ICON: Record<StepStatus['state'], string> = {
  pending: '⏳',
  waiting: '💤',
  'due-soon': '🟡',
  overdue: '🔴',
  'done-on-time': '✅',
  'done-late': '☑️',
  done: '✅',
  'not-done': '⬜',
  'not-applicable': '➖',
  skipped: '⏭️',
  snoozed: '😴',
};

/** A command line or label as it completed a step: a code span that cannot break out of its table cell. */
const viaText = (via: string): string => `\`${via.replace(/[`\r\n]/g, ' ').replace(/\|/g, '\\|')}\``;

/** State words without the moving part (`movingText`), as the change check sees them. */
function stateText(params: { status: StepStatus; view: StatusView }): string {
  const { status, view } = params;
  const utc = (d: Date): string => localTime(d, view.timeZone);
  const at = (d: Date | null): string => (d ? ` (${utc(d)})` : '');
  const doneBy = view.doneBy?.[status.id];
  if (doneBy && (status.state === 'done-on-time' || status.state === 'done-late' || status.state === 'done')) {
    const late = status.state === 'done-late' ? ' (late)' : '';
    // A command line names who ran it by itself; a label or a close does not.
    const who = doneBy.by && !doneBy.via.startsWith('/') ? ` (${inlineText(doneBy.by)})` : '';
    return `done by ${viaText(doneBy.via)}${who} at ${utc(new Date(doneBy.at))}${late}`;
  }
  switch (status.state) {
    case 'skipped': {
      const skip = view.skipped?.[status.id];
      return `skipped: not applicable${skip?.by ? ` (${inlineText(skip.by)})` : ''}${skip?.reason ? `: ${inlineText(skip.reason, 200)}` : ''}`;
    }
    case 'snoozed':
      return status.snoozedUntil ? `snoozed until ${utc(status.snoozedUntil)}` : 'snoozed';
    case 'overdue':
      return '**overdue**';
    case 'due-soon':
      return 'due soon';
    case 'pending':
      return status.dueAt ? 'not due yet' : 'open';
    case 'waiting':
      return 'starts counting later';
    case 'done-on-time':
      return `done on time${at(status.doneAt)}`;
    case 'done-late':
      return `done late${at(status.doneAt)}`;
    case 'done':
      return 'done';
    case 'not-done':
      return 'not done';
    case 'not-applicable':
      return 'not applicable at this severity';
  }
}

const ANCHOR_WORD = {
  start: 'start',
  acknowledged: 'acknowledgement',
  mitigated: 'mitigation',
  resolved: 'resolution',
} as const;

/** A deadline's rule as shown, escaped; deadlines are frozen and shared per distinct text, so kept per object. */
const ruleTexts = new WeakMap<Deadline, string>();
function ruleText(deadline: Deadline): string {
  let text = ruleTexts.get(deadline);
  if (text === undefined) {
    text = inlineText(
      `${formatDeadline({ ...deadline, anchor: 'start' })}${deadline.anchor === 'start' ? '' : ` after ${ANCHOR_WORD[deadline.anchor]}`}`,
    );
    ruleTexts.set(deadline, text);
  }
  return text;
}

function dueText(step: Step, status: StepStatus, timeZone: string | undefined): string {
  if (!step.deadline) return '–';
  const variant = status.variant ? ` (${status.variant})` : '';
  return status.dueAt
    ? `${localTime(status.dueAt, timeZone)}${variant}<br><sub>${ruleText(step.deadline)}</sub>`
    : `<sub>${ruleText(step.deadline)}</sub>`;
}

/**
 * A state's words with the part that moves with time ("overdue by 25 min", "due in 3 hrs"), as posted;
 * null for a state whose words do not move. The change check leaves them out (`stateText`).
 */
function movingText(status: StepStatus, now: Date): string | null {
  if (status.dueAt === null) return null;
  const ahead = status.dueAt.getTime() - now.getTime();
  switch (status.state) {
    case 'overdue':
      return `**overdue by ${span(-ahead)}**`;
    case 'due-soon':
      return `due soon: in ${span(ahead)}`;
    case 'pending':
      return `due in ${span(ahead)}`;
    default:
      return null;
  }
}

/**
 * Both renderings in one pass: `stable` without the moving parts (the change check), `live` as posted.
 * Every line goes to both, but for the rows whose state moves with time.
 */
function render(view: StatusView): { stable: string; live: string } {
  const stableLines: string[] = [];
  const liveLines: string[] = [];
  const out = {
    push(...lines: string[]): void {
      for (const line of lines) {
        stableLines.push(line);
        liveLines.push(line);
      }
    },
  };
  const utc = (d: Date): string => localTime(d, view.timeZone);
  const severity = view.severity
    ? `**${inlineText(view.severity)}**${view.severitySource ? ` (from ${view.severitySource})` : ''}`
    : '**not set**: add a severity label, a `**Severity:**` line, or `/incident severity LEVEL`';
  out.push(`### Incident status: ${PHASE_TEXT[view.phase]}`);
  out.push('');
  out.push(`Severity: ${severity}`);
  // Role holders are shown by name without a live mention: a status edit must not ping them each time.
  const role = (login: string | null): string => (login ? `\`${login}\`` : '_unassigned_');
  out.push(`Lead: ${role(view.roles.lead)} · Scribe: ${role(view.roles.scribe)} · Comms: ${role(view.roles.comms)}`);
  if (view.summary) out.push('', `**Summary:** ${inlineText(view.summary, 500)}`);
  if (view.impact) out.push('', `**Impact:** ${inlineText(view.impact, 500)}`);
  if (view.impactStart) out.push('', `**Impact started:** ${utc(view.impactStart)}`);
  if (view.lastStatus)
    out.push('', `**Latest update** (${utc(view.lastStatus.at)}): ${inlineText(view.lastStatus.text, 500)}`);
  const overdue = view.status.steps.filter((s) => s.state === 'overdue').length;
  if (overdue > 0) out.push('', `🔴 **${overdue} step${overdue === 1 ? ' is' : 's are'} overdue.**`);
  if (view.folded && view.folded.until.getTime() > view.now.getTime()) {
    out.push(
      '',
      `🔕 Overdue warnings are shown here only until ${utc(view.folded.until)}: the incident had ${view.folded.maxPerHour} warning comments in the last hour (\`reminders.max_per_hour\`).`,
    );
  }
  const byId = new Map(view.status.steps.map((s) => [s.id, s]));
  // Numbers as commands take them (`/incident skip 3`): the position among all steps, shown or folded.
  const numberOf = new Map(view.steps.map((s, i) => [s.id, i + 1]));
  const applicable = view.steps.filter((s) => byId.get(s.id)?.state !== 'not-applicable');
  const notApplicable = view.steps.filter((s) => byId.get(s.id)?.state === 'not-applicable');
  const table = (steps: readonly Step[]): void => {
    let section: string | null | undefined;
    out.push('', '| # | | Step | Due | State |', '|---|---|---|---|---|');
    for (const step of steps) {
      const status = byId.get(step.id);
      if (!status) continue;
      if (step.section !== section) {
        section = step.section;
        if (section) out.push(`| | | **${inlineText(section)}** | | |`);
      }
      const indent = '&nbsp;&nbsp;'.repeat(step.depth);
      const row = `| ${numberOf.get(step.id) ?? ''} | ${ICON[status.state]} | ${indent}${inlineText(step.text, 200)} | ${dueText(step, status, view.timeZone)} | `;
      const stable = `${row}${stateText({ status, view })} |`;
      const moving = movingText(status, view.now);
      stableLines.push(stable);
      liveLines.push(moving === null ? stable : `${row}${moving} |`);
    }
  };
  if (applicable.length > 0) table(applicable);
  else out.push('', '_No steps found: the issue body has no task items (`- [ ] step`)._');
  if (notApplicable.length > 0) {
    out.push(
      '',
      `<details><summary>${notApplicable.length} step${notApplicable.length === 1 ? '' : 's'} not applicable at this severity</summary>`,
    );
    table(notApplicable);
    out.push('', '</details>');
  }
  if (view.alerts) out.push('', ...renderAlertLines({ memory: view.alerts, timeZone: view.timeZone }));
  if (view.followUps.length > 0) {
    out.push('', '**Follow-ups:**');
    for (const f of view.followUps) {
      out.push(
        `- ${f.state === 'closed' ? '✅ closed' : '🟢 open'}: [${f.repo}#${f.number}](${f.url ?? `${view.server}/${f.repo}/issues/${f.number}`}) ${inlineText(f.title, 200)}${f.subIssue ? '' : ` (linked${f.note ? `, not a sub-issue: ${inlineText(f.note)}` : ''})`}`,
      );
    }
  }
  if (view.report)
    out.push(
      '',
      `**Incident report:** [${view.report.repo}#${view.report.number}](${view.report.url}) (a pull request, for review)`,
    );
  if (view.reportProblem) out.push('', `**Incident report:** ${inlineText(view.reportProblem, 600)}`);
  if (view.configErrors.length > 0) {
    out.push(
      '',
      '**⚠️ `.github/incident.yml` has errors; the defaults are used for the sections below until it is fixed:**',
    );
    for (const e of view.configErrors) out.push(`- ${inlineText(e, 500)}`);
  }
  if (view.warnings.length > 0) {
    out.push('', '**⚠️ Problems in the checklist:**');
    for (const w of view.warnings) out.push(`- line ${w.line}: ${inlineText(w.message, 500)}`);
  }
  if (view.problems.length > 0) {
    out.push('', '**⚠️ The app could not do everything:**');
    for (const p of view.problems) out.push(`- ${inlineText(p, 500)}`);
  }
  const zone = view.timeZone && view.timeZone !== 'UTC' ? `in ${inlineText(view.timeZone)}` : 'UTC';
  liveLines.push(
    '',
    `<sub>Updated ${utc(view.now)} by incident-responder. Times are ${zone}. Comment \`/incident help\` for commands; \`/incident skip 3\` or \`/incident snooze 3 30m\` name a step by its number.</sub>`,
  );
  // `stable` is only hashed (the change check), so it is not neutralised: the text it hashes changes
  // exactly when the posted one does.
  return { stable: stableLines.join('\n'), live: neutraliseMarkers(neutraliseReferences(liveLines.join('\n'))) };
}

/**
 * GitHub's limit on a comment body (https://docs.github.com/en/rest/issues/comments#update-an-issue-comment).
 * The status comment's metadata marker comes first and is never cut: the visible part gives way
 * instead, so the app always recognises its own comment (issue #12, finding 7).
 */
export const MAX_STATUS_CHARS = 65_536;
const CUT_VISIBLE = "\n\n…(the rest of the status is cut to fit GitHub's 65,536-character limit on comments)";

function fitVisible(head: string, live: string): string {
  const room = MAX_STATUS_CHARS - head.length - 2;
  if (live.length <= room) return live;
  let end = Math.max(0, room - CUT_VISIBLE.length);
  // Never split a surrogate pair.
  if (end > 0 && /[\uD800-\uDBFF]/.test(live[end - 1] ?? '')) end -= 1;
  return `${live.slice(0, end)}${CUT_VISIBLE}`;
}

/** The comment body, and a key of its visible content without the moving parts (for compare-before-write). */
export function renderStatusComment(params: { view: StatusView; metadata: IncidentMetadata }): {
  body: string;
  viewKey: string;
} {
  const { stable, live } = render(params.view);
  const viewKey = sha256Hex(stable).slice(0, 16);
  const head = marker('status', { ...params.metadata, viewKey });
  const body = `${head}\n${fitVisible(head, live)}\n`;
  return { body, viewKey };
}
