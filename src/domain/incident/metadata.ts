import { z } from 'zod';
import { isGitHubLogin } from '../trust/github-login.js';
import { MAX_COMMAND_TEXT, MAX_TITLE } from '../shared/text-limits.js';
import { alertMemorySchema } from '../alerts/fold.js';

/**
 * What the app remembers about an incident, stored as JSON inside the marker of its own status
 * comment (GitHub is the database). Everything here can be rebuilt or safely
 * defaulted: losing it makes the app forget tick times and re-derive the rest, never post twice for
 * a warning GitHub already shows (warnings are also found by their own markers).
 *
 * Parsing is lenient on purpose: a field that is missing or malformed falls back to its default, so
 * a metadata blob from an older or newer version of the app never stops an incident from working.
 */
const isoTime = z.string().datetime({ offset: true });

const lenient = <T extends z.ZodTypeAny>(schema: T, fallback: z.output<T>) => schema.catch(fallback);

/*
 * The metadata is read back from a comment, and a comment's text is untrusted (issue #25, finding 5: a
 * sibling workflow posting as the same `github-actions[bot]` planted "the status comment"). So every
 * value that reaches a mention, a link or the status text is checked for its kind, not only its type:
 * role holders and credits are GitHub logins (never `org/team`), links are https, texts are no longer
 * than a command can make them, and every map has a bound. A value that fails falls back alone.
 */
const login = z.string().refine(isGitHubLogin, 'not a GitHub login');
// GitHub Enterprise Server may serve plain http; anything else (javascript:, data:) is no address of GitHub's.
const httpsUrl = z
  .string()
  .max(2_000)
  .regex(/^https?:\/\//);
const repoName = z.string().regex(/^[\w.-]{1,100}\/[\w.-]{1,100}$/);
const commandText = z.string().max(MAX_COMMAND_TEXT);
/** More entries than any incident makes (200 steps, 100 action items, their recurrences): a planted map is cut off. */
const MAX_ENTRIES = 2_000;
const bounded = <T extends z.ZodTypeAny>(value: T) =>
  z.record(z.string().max(200), value).refine((r) => Object.keys(r).length <= MAX_ENTRIES, 'too many entries');
const role = login.nullable().default(null).catch(null);

export const metadataSchema = z.object({
  /** Format version; bump when a field changes meaning. */
  v: lenient(z.literal(1), 1),
  /** Step id -> when its box was ticked (ISO), from `issues.edited` body diffs. */
  checkedAt: lenient(bounded(isoTime), {}),
  /** Step ids seen ticked without knowing when (ticked while the app was not watching). */
  checkedUnknown: lenient(z.array(z.string().max(200)).max(MAX_ENTRIES), []),
  /** Warning key (step id, or id#occurrence for recurring steps) -> when the warning was posted. */
  warned: lenient(bounded(isoTime), {}),
  /** Lifecycle moments recorded by the app (commands, labels); closing is read from the issue. */
  acknowledgedAt: lenient(isoTime.nullable(), null),
  mitigatedAt: lenient(isoTime.nullable(), null),
  resolvedAt: lenient(isoTime.nullable(), null),
  /** Latest status update, resetting recurring steps and the status cadence. */
  lastStatusUpdateAt: lenient(isoTime.nullable(), null),
  /** Role holders set by `/incident lead|scribe|comms`; a new holder replaces the old one. */
  roles: lenient(z.object({ lead: role, scribe: role, comms: role }), {
    lead: null,
    scribe: null,
    comms: null,
  }),
  summary: lenient(commandText.nullable(), null),
  impact: lenient(commandText.nullable(), null),
  lastStatusText: lenient(commandText.nullable(), null),
  /** Severity from the last `/incident severity` command. */
  commandSeverity: lenient(z.string().max(100).nullable(), null),
  /** Impact start from `/incident start`, overriding the body's field. */
  impactStartAt: lenient(isoTime.nullable(), null),
  /** Follow-up issues by action item id. */
  followUps: lenient(
    bounded(
      z.object({
        repo: repoName,
        number: z.number().int().positive(),
        title: z.string().max(MAX_TITLE),
        state: z.enum(['open', 'closed']),
        subIssue: z.boolean(),
        /** Why it is linked rather than a sub-issue, shown in the status comment. */
        note: commandText.nullable().default(null),
        /** The issue's address as GitHub gave it (GitHub Enterprise Server has its own host). */
        url: httpsUrl.nullable().optional(),
      }),
    ),
    {},
  ),
  /** Action items waiting to settle (unchanged for `follow_ups.settle`) before their issue is opened. */
  pendingItems: lenient(bounded(z.object({ text: commandText, since: isoTime })), {}),
  /** The report pull request, and the resolution it was rendered for (a new resolution renders again). */
  report: lenient(
    z
      .object({ repo: repoName, number: z.number().int().positive(), url: httpsUrl, resolvedAt: isoTime.nullable() })
      .nullable(),
    null,
  ),
  /** Why the last report attempt failed, shown until one succeeds. */
  reportProblem: lenient(commandText.nullable(), null),
  /** The resolution time the last automatic attempt was for: one attempt per resolution. */
  reportAttemptFor: lenient(z.string().max(100).nullable(), null),
  /** When the app posted its warning comments in the last hour (the hourly cap of `reminders.max_per_hour`). */
  warningsPosted: lenient(z.array(isoTime).max(60), []),
  /** Field (severity, summary, impact, lead, scribe, comms, start) -> time of the command that set it: the newest wins. */
  fieldAt: lenient(bounded(isoTime), {}),
  /**
   * Comment id -> digest of the body the app accepted commands from. Only these count in the timeline,
   * as they read when accepted (a later edit does not rewrite history), and a redelivered comment is
   * not run twice.
   */
  accepted: lenient(bounded(z.string().max(100)), {}),
  /**
   * Done-when events (domain/template/done-when.ts) -> the first time each happened, who caused it and how:
   * steps that ask for them are done by them ("done by `/incident lead @bob`").
   */
  facts: lenient(bounded(z.object({ at: isoTime, by: login.nullable().catch(null), via: z.string().max(200) })), {}),
  /** Step id -> who ticked its box (the sender of the edit), for the timeline's credits. */
  tickedBy: lenient(bounded(login), {}),
  /** Step id -> `/incident skip`: not applicable to this incident. */
  skipped: lenient(bounded(z.object({ at: isoTime, by: login, reason: commandText.nullable() })), {}),
  /** Step id -> `/incident snooze`: no warning before `until`. */
  snoozed: lenient(bounded(z.object({ until: isoTime, by: login, at: isoTime.optional() })), {}),
  /** Login -> when an overdue warning last @mentioned them (one ping per `reminders.mention_interval`). */
  mentionedAt: lenient(bounded(isoTime), {}),
  /** Overdue warnings past `reminders.max_per_hour` fold into the status comment until then. */
  foldedUntil: lenient(isoTime.nullable(), null),
  /** The alert group the incident was opened from: the distinct alerts seen (domain/alerts/fold.ts). */
  alerts: lenient(alertMemorySchema.nullable(), null),
  /**
   * The public status page (`/incident public`, `/incident affects`): how many public updates were
   * accepted (their texts are the accepted comments themselves), when the cause was said to be
   * identified, the affected components, and the key of what was last published (compare before write).
   */
  statusPage: lenient(
    z.object({
      updates: z.number().int().min(0).max(100_000).default(0),
      identifiedAt: isoTime.nullable().default(null),
      components: z.array(z.string().max(60)).max(50).default([]),
      published: z.string().max(100).nullable().default(null),
      problem: commandText.nullable().default(null),
    }),
    { updates: 0, identifiedAt: null, components: [], published: null, problem: null },
  ),
  /** Hash of the status comment's visible content when last written (compare before write). */
  viewKey: lenient(z.string().max(200).nullable(), null),
});

export type IncidentMetadata = z.output<typeof metadataSchema>;

export function emptyMetadata(): IncidentMetadata {
  return metadataSchema.parse({});
}

export function parseMetadata(json: string | null): IncidentMetadata {
  if (json === null) return emptyMetadata();
  try {
    return metadataSchema.parse(JSON.parse(json));
  } catch {
    return emptyMetadata();
  }
}
