import { z } from 'zod';
import { alertMemorySchema } from '../alerts/fold.js';

/**
 * What the app remembers about an incident, stored as JSON inside the marker of its own status
 * comment (DESIGN.md principle 1: GitHub is the database). Everything here can be rebuilt or safely
 * defaulted: losing it makes the app forget tick times and re-derive the rest, never post twice for
 * a warning GitHub already shows (warnings are also found by their own markers).
 *
 * Parsing is lenient on purpose: a field that is missing or malformed falls back to its default, so
 * a metadata blob from an older or newer version of the app never stops an incident from working.
 */
const isoTime = z.string().datetime({ offset: true });

const lenient = <T extends z.ZodTypeAny>(schema: T, fallback: z.output<T>) => schema.catch(fallback);

export const metadataSchema = z.object({
  /** Format version; bump when a field changes meaning. */
  v: lenient(z.literal(1), 1),
  /** Step id -> when its box was ticked (ISO), from `issues.edited` body diffs. */
  checkedAt: lenient(z.record(z.string(), isoTime), {}),
  /** Step ids seen ticked without knowing when (ticked while the app was not watching). */
  checkedUnknown: lenient(z.array(z.string()), []),
  /** Warning key (step id, or id#occurrence for recurring steps) -> when the warning was posted. */
  warned: lenient(z.record(z.string(), isoTime), {}),
  /** Lifecycle moments recorded by the app (commands, labels); closing is read from the issue. */
  acknowledgedAt: lenient(isoTime.nullable(), null),
  mitigatedAt: lenient(isoTime.nullable(), null),
  resolvedAt: lenient(isoTime.nullable(), null),
  /** Latest status update, resetting recurring steps and the status cadence. */
  lastStatusUpdateAt: lenient(isoTime.nullable(), null),
  /** Role holders set by `/incident lead|scribe|comms`; a new holder replaces the old one. */
  roles: lenient(
    z.object({
      lead: z.string().nullable().default(null),
      scribe: z.string().nullable().default(null),
      comms: z.string().nullable().default(null),
    }),
    {
      lead: null,
      scribe: null,
      comms: null,
    },
  ),
  summary: lenient(z.string().nullable(), null),
  impact: lenient(z.string().nullable(), null),
  lastStatusText: lenient(z.string().nullable(), null),
  /** Severity from the last `/incident severity` command. */
  commandSeverity: lenient(z.string().nullable(), null),
  /** Impact start from `/incident start`, overriding the body's field. */
  impactStartAt: lenient(isoTime.nullable(), null),
  /** Follow-up issues by action item id. */
  followUps: lenient(
    z.record(
      z.string(),
      z.object({
        repo: z.string(),
        number: z.number(),
        title: z.string(),
        state: z.enum(['open', 'closed']),
        subIssue: z.boolean(),
        /** Why it is linked rather than a sub-issue, shown in the status comment. */
        note: z.string().nullable().default(null),
        /** The issue's address as GitHub gave it (GitHub Enterprise Server has its own host). */
        url: z.string().nullable().optional(),
      }),
    ),
    {},
  ),
  /** Action items waiting to settle (unchanged for `follow_ups.settle`) before their issue is opened. */
  pendingItems: lenient(z.record(z.string(), z.object({ text: z.string(), since: isoTime })), {}),
  /** The report pull request, and the resolution it was rendered for (a new resolution renders again). */
  report: lenient(
    z.object({ repo: z.string(), number: z.number(), url: z.string(), resolvedAt: z.string().nullable() }).nullable(),
    null,
  ),
  /** Why the last report attempt failed, shown until one succeeds. */
  reportProblem: lenient(z.string().nullable(), null),
  /** The resolution time the last automatic attempt was for: one attempt per resolution. */
  reportAttemptFor: lenient(z.string().nullable(), null),
  /** When the app posted its warning comments in the last hour (the hourly cap of `reminders.max_per_hour`). */
  warningsPosted: lenient(z.array(isoTime).max(60), []),
  /** Field (severity, summary, impact, lead, scribe, comms, start) -> time of the command that set it: the newest wins. */
  fieldAt: lenient(z.record(z.string(), isoTime), {}),
  /**
   * Comment id -> digest of the body the app accepted commands from. Only these count in the timeline,
   * as they read when accepted (a later edit does not rewrite history), and a redelivered comment is
   * not run twice.
   */
  accepted: lenient(z.record(z.string(), z.string()), {}),
  /**
   * Done-when events (domain/template/done-when.ts) -> the first time each happened, who caused it and how:
   * steps that ask for them are done by them ("done by `/incident lead @bob`").
   */
  facts: lenient(z.record(z.string(), z.object({ at: isoTime, by: z.string().nullable(), via: z.string() })), {}),
  /** Step id -> who ticked its box (the sender of the edit), for the timeline's credits. */
  tickedBy: lenient(z.record(z.string(), z.string()), {}),
  /** Step id -> `/incident skip`: not applicable to this incident. */
  skipped: lenient(z.record(z.string(), z.object({ at: isoTime, by: z.string(), reason: z.string().nullable() })), {}),
  /** Step id -> `/incident snooze`: no warning before `until`. */
  snoozed: lenient(z.record(z.string(), z.object({ until: isoTime, by: z.string(), at: isoTime.optional() })), {}),
  /** Login -> when an overdue warning last @mentioned them (one ping per `reminders.mention_interval`). */
  mentionedAt: lenient(z.record(z.string(), isoTime), {}),
  /** Overdue warnings past `reminders.max_per_hour` fold into the status comment until then. */
  foldedUntil: lenient(isoTime.nullable(), null),
  /** The alert group the incident was opened from: the distinct alerts seen (domain/alerts/fold.ts). */
  alerts: lenient(alertMemorySchema.nullable(), null),
  /** Hash of the status comment's visible content when last written (compare before write). */
  viewKey: lenient(z.string().nullable(), null),
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
