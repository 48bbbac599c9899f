import { z } from 'zod';
import { languagesSection } from './languages-schema.js';
import { DONE_EVENTS } from '../domain/template/done-when.js';
import { ANCHORS } from '../domain/template/types.js';
import { MIN_RECURRING_MINUTES } from '../domain/incident/interval-floor.js';
import { MIN_INDEX_COOLDOWN_MINUTES } from '../domain/reports/index-refresh.js';
import { isRepoPattern } from '../domain/trust/cross-repo-consent.js';
import { reportPathProblem } from '../domain/reports/report-path.js';
import { ALERT_SOURCES, type AlertSource } from '../domain/alerts/alert.js';
import { DEFAULT_ALERT_TEMPLATE } from '../domain/alerts/settings.js';
import { isDurationOrRange, parseDuration, recurringMinutes } from './durations.js';

/**
 * The one schema of `.github/incident.yml`: types, defaults, JSON Schema (incident.schema.json) and
 * error messages all come from here. Every key has a default, so an empty file is a full config.
 * Objects are strict: a misspelt key is an error the user sees, not a silently ignored setting.
 */

const duration = (what: string) =>
  z
    .string({ error: `must be a duration such as "30m", "2h" or "1d" (${what})` })
    .refine((v) => parseDuration(v) !== null, {
      message: 'is not a duration: write e.g. "30s", "15m", "2h", "1d" or "1h30m"',
    });

/** Anything the app repeats on its own is refused below the floor (see domain/incident/interval-floor.ts): no comment floods. */
const FLOOR_MESSAGE = `must be at least ${MIN_RECURRING_MINUTES}m: the app posts or updates a comment each time, so shorter intervals (or 0, "immediately") would flood the issue`;

const recurringDuration = (what: string) =>
  duration(what).refine((v) => (parseDuration(v) ?? 0) >= MIN_RECURRING_MINUTES, { message: FLOOR_MESSAGE });

/** The report path rules (domain/reports/report-path.ts), as a schema so the app and `check --config` refuse the same paths. */
const reportPath = (fallback: string) =>
  z
    .string()
    .superRefine((p, ctx) => {
      const problem = reportPathProblem(p);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    })
    .default(fallback);

const repoPattern = z
  .string()
  .refine(isRepoPattern, { message: 'must be "owner/name" or "owner/*", e.g. "my-org/app" or "my-org/*"' });

const repoName = z
  .string()
  .regex(/^[\w-]+\/[\w.-]+$/, { message: 'must be "owner/name", e.g. "my-org/incident-reports"' });

/** A path inside a repository: relative, no "." or ".." segments, no backslashes. */
const repoFile = z
  .string()
  .min(1)
  .refine(
    (p) =>
      !p.startsWith('/') && !p.includes('\\') && p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..'),
    { message: 'must be a relative path inside the repository, e.g. "reports/README.md"' },
  );

/** A branch the app commits the status page to: a plain name, never the repository's `.github` machinery. */
const statusBranch = z
  .string()
  .regex(/^\w[\w.-]{0,99}(?:\/\w[\w.-]{0,99}){0,3}$/, {
    message: 'must be a branch name of letters, digits, ".", "_", "-" and "/", e.g. "status-page"',
  })
  .refine((b) => !b.includes('..') && !b.endsWith('.lock'), { message: 'is not a valid branch name' })
  .default('status-page');

/** The status page's folder on its branch: relative, never under .github/ ("" is the branch's top). */
const statusFolder = z
  .string()
  .refine(
    (p) =>
      p === '' ||
      (!p.startsWith('/') &&
        !p.includes('\\') &&
        p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..') &&
        p.split('/')[0]?.toLowerCase() !== '.github'),
    { message: 'must be a relative folder inside the repository, not under .github/, e.g. "status"' },
  )
  .default('status');

const labelList = (fallback: string[], what: string) =>
  z
    .array(z.string().min(1, { message: 'a label cannot be empty' }))
    .default(fallback)
    .describe(what);

/** The reports index's fields, for `reports.index` (the `stats` command) and `incoming.index` (the app). */
const INDEX_DEFAULTS = { path: 'reports/README.md', charts: 'reports/charts', timezone: null, top_steps: 10 };
const indexFields = (describe: { path: string; charts: string }) => ({
  path: repoFile
    .refine((p) => p.toLowerCase().endsWith('.md'), { message: 'must end in .md' })
    .default(INDEX_DEFAULTS.path)
    .describe(describe.path),
  charts: repoFile.default(INDEX_DEFAULTS.charts).describe(describe.charts),
  timezone: z
    .string()
    .refine(validTimezone, { message: 'is not an IANA time zone such as "UTC" or "Europe/Berlin"' })
    .nullable()
    .default(null)
    .describe('IANA time zone of the dates and month buckets; null = business_hours.timezone.'),
  top_steps: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(INDEX_DEFAULTS.top_steps)
    .describe('How many of the steps most often late or skipped the index lists.'),
});

const level = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'must be lower case letters, digits, "-" or "_", e.g. "high"' })
      .describe("The level's name, used in commands (`/incident severity high`) and in severity headings."),
    label: z.string().min(1).describe('The label that carries this severity on the issue.'),
    aliases: z
      .array(z.string().min(1))
      .default([])
      .describe('Other words for this level in bodies and commands (e.g. critical, sev1).'),
  })
  .describe('A severity level.');

/**
 * The common scales, read onto three levels (docs/templates.md has the table): SEV0-SEV1, P0-P1,
 * Critical and Statuspage's "Major outage" are high; SEV2, P2, Major and "Partial outage" medium;
 * SEV3-SEV4, P3-P4, Minor and "Degraded" low. `SEV-1`, `Sev 1` and `S1` are read as `sev1`.
 */
const DEFAULT_LEVELS = [
  {
    name: 'high',
    label: 'severity: high',
    aliases: ['critical', 'sev0', 'sev1', 'p0', 'p1', 's0', 's1', 'major outage', 'emergency'],
  },
  { name: 'medium', label: 'severity: medium', aliases: ['major', 'sev2', 'p2', 's2', 'partial outage', 'moderate'] },
  {
    name: 'low',
    label: 'severity: low',
    aliases: ['minor', 'trivial', 'sev3', 'sev4', 'p3', 'p4', 's3', 's4', 'degraded', 'degraded performance'],
  },
];

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: 'must be a 24-hour time "HH:MM", e.g. "09:00"' });

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The `alerts:` section's default: no source, so no alert opens anything until a repository opts in. */
const ALERTS_DEFAULT = {
  sources: [] as AlertSource[],
  template: DEFAULT_ALERT_TEMPLATE,
  severity_label: 'severity',
  severity_map: {} as Record<string, string>,
  labels: [] as string[],
  copy_labels: [] as string[],
  lead_label: null as string | null,
  leads: {} as Record<string, string>,
  title: '{title}',
};

export const sections = {
  incident: z
    .strictObject({
      labels: labelList(['incident'], 'An issue with any of these labels is an incident.'),
    })
    .default({ labels: ['incident'] })
    .describe('Which issues are incidents.'),
  severity: z
    .strictObject({
      levels: z
        .array(level)
        .min(1, { message: 'needs at least one level' })
        .default(DEFAULT_LEVELS)
        .describe('Severity levels, most severe first.'),
    })
    .default({ levels: DEFAULT_LEVELS })
    .describe('Severity levels and the labels that carry them.'),
  languages: languagesSection,
  phases: z
    .strictObject({
      post_incident: z
        .array(z.string().min(1))
        .default(['after the incident', 'post-incident', 'postmortem', 'retrospective', 'follow-up'])
        .describe(
          'Headings (case-insensitive, hyphens and spaces alike) whose steps count from resolution instead of the start.',
        ),
    })
    .default({ post_incident: ['after the incident', 'post-incident', 'postmortem', 'retrospective', 'follow-up'] })
    .describe('Phases of the checklist.'),
  milestones: z
    .strictObject({
      acknowledged: z
        .strictObject({
          labels: labelList([], 'Labels meaning the incident is acknowledged (`/incident ack` also records it).'),
        })
        .default({ labels: [] }),
      mitigated: z
        .strictObject({ labels: labelList(['mitigated'], 'Labels meaning the impact is mitigated.') })
        .default({ labels: ['mitigated'] }),
      resolved: z
        .strictObject({
          labels: labelList(['resolved'], 'Labels meaning the incident is resolved.'),
          on_close: z.boolean().default(true).describe('Closing the issue resolves the incident; reopening clears it.'),
        })
        .default({ labels: ['resolved'], on_close: true }),
    })
    .default({
      acknowledged: { labels: [] },
      mitigated: { labels: ['mitigated'] },
      resolved: { labels: ['resolved'], on_close: true },
    })
    .describe('How acknowledged, mitigated and resolved are recognised; deadlines can count from each.'),
  business_hours: z
    .strictObject({
      timezone: z
        .string()
        .refine(validTimezone, { message: 'is not an IANA time zone such as "UTC" or "Europe/Berlin"' })
        .default('UTC')
        .describe('IANA time zone of the business hours.'),
      days: z
        .array(z.enum(WEEKDAYS, { error: `must be one of ${WEEKDAYS.join(', ')}` }))
        .default(['mon', 'tue', 'wed', 'thu', 'fri'])
        .describe('Working days.'),
      start: hhmm.default('09:00').describe('Start of the working day, "HH:MM".'),
      end: hhmm.default('17:00').describe('End of the working day, "HH:MM" (exclusive).'),
    })
    .refine((b) => b.end > b.start, { message: 'end must be after start', path: ['end'] })
    .default({ timezone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' })
    .describe('Business hours choose between Daytime and Off-hours deadline variants, by the anchor time.'),
  deadlines: z
    .array(
      z.strictObject({
        match: z.string().min(1).describe('Case-insensitive text a step must contain.'),
        deadline: z
          .string()
          .refine((d) => isDurationOrRange(d) || recurringMinutes(d) !== null, {
            message: 'is not a deadline: write e.g. "30 min", "4 hrs", "1-2 days", "immediately" or "every 30 min"',
          })
          .refine((d) => (recurringMinutes(d) ?? MIN_RECURRING_MINUTES) >= MIN_RECURRING_MINUTES, {
            message: `a recurring deadline ${FLOOR_MESSAGE}`,
          })
          .describe(
            `The deadline, in the deadline grammar; a recurring one ("every 30 min") repeats at least ${MIN_RECURRING_MINUTES} minutes apart.`,
          ),
        anchor: z
          .enum(ANCHORS, { error: `must be one of ${ANCHORS.join(', ')}` })
          .optional()
          .describe('What the deadline counts from (default: start, or resolution after the incident).'),
      }),
    )
    .default([])
    .describe('Deadlines for steps that have none in the template, matched by text.'),
  reminders: z
    .strictObject({
      grace: duration('grace').default('5m').describe('Added to `immediately` deadlines.'),
      repeat: z
        .union([z.literal(false), recurringDuration('repeat')])
        .default(false)
        .describe(
          `false: warn once per step; or a duration of at least ${MIN_RECURRING_MINUTES}m: warn again that often while a step stays overdue.`,
        ),
      mention: z
        .enum(['lead', 'assignees', 'author', 'none'], { error: 'must be one of lead, assignees, author, none' })
        .default('lead')
        .describe('Who an overdue warning mentions first; falls back lead -> assignees -> author.'),
      // One ping per person per interval: a stream of @mentions is what makes people mute a bot.
      mention_interval: duration('mention interval')
        .default('30m')
        .describe(
          'A person is @mentioned by overdue warnings at most once per this interval; later warnings name them without a ping.',
        ),
      // The flood limit (issue #12, finding 6): whatever the deadlines say, at most this many warning comments an hour.
      max_per_hour: z
        .number({ error: 'must be a whole number of comments, e.g. 4' })
        .int({ message: 'must be a whole number of comments, e.g. 4' })
        .min(1, { message: 'must be at least 1 (warnings past it fold into the status comment)' })
        .max(60, { message: 'must be at most 60' })
        .default(4)
        .describe(
          'Warning comments per incident per hour; past it, overdue warnings fold into the status comment until the hour has room again.',
        ),
    })
    .default({ grace: '5m', repeat: false, mention: 'lead', mention_interval: '30m', max_per_hour: 4 })
    .describe('Overdue warnings.'),
  steps: z
    .strictObject({
      // Tried before the built-in rules; `when: never` keeps a step to its box.
      done_when: z
        .array(
          z.strictObject({
            match: z
              .string()
              .min(1)
              .max(200)
              .describe(
                'A phrase the step contains (case-insensitive; hyphens and spaces alike; from the start of a word).',
              ),
            when: z
              .enum([...DONE_EVENTS, 'never'], { error: `must be one of ${[...DONE_EVENTS, 'never'].join(', ')}` })
              .describe('The event that completes the step, or never (only its box does).'),
          }),
        )
        .max(100, { message: 'at most 100 rules' })
        .default([])
        .describe(
          'Steps completed by what responders do: a step containing `match` is done when `when` happens (a lead named, the severity set, a status update, ...). A step can also say so itself: "done when: lead".',
        ),
      builtin_done_when: z
        .boolean()
        .default(true)
        .describe(
          'Use the built-in rules too: a step naming `/incident` commands is done when they ran; "take the lead", "set the severity", "first status update", "acknowledge", "mitigate", "resolve", "follow-up issue", "incident report" complete by their event.',
        ),
    })
    .default({ done_when: [], builtin_done_when: true })
    .describe(
      "Steps done by events, not only by ticking their box (the box stays the responders'; the app never edits the body).",
    ),
  display: z
    .strictObject({
      timezone: z
        .string()
        .refine(validTimezone, { message: 'is not an IANA time zone such as "UTC" or "Europe/Berlin"' })
        .nullable()
        .default(null)
        .describe(
          'IANA time zone for the times in the status comment, warnings and report, shown with their offset; null = business_hours.timezone.',
        ),
    })
    .default({ timezone: null })
    .describe('How times are shown.'),
  status_updates: z
    .strictObject({
      every: z
        .record(z.string(), recurringDuration('status update cadence'))
        .default({})
        .describe(
          `Severity level -> how often a status update is due (at least ${MIN_RECURRING_MINUTES}m), e.g. { high: 30m, medium: 60m }.`,
        ),
    })
    .default({ every: {} })
    .describe('Status update cadence per severity.'),
  follow_ups: z
    .strictObject({
      section: z
        .string()
        .min(1)
        .default('Action items')
        .describe('The heading whose task items become follow-up issues.'),
      repo: repoName
        .nullable()
        .default(null)
        .describe(
          "owner/name for follow-up issues; null = the incident's repository. Another repository must consent (its `accepts_from`), and its `incoming.follow_ups` labels apply.",
        ),
      labels: labelList(['incident-follow-up'], 'Labels of follow-up issues.'),
      sub_issues: z.boolean().default(true).describe('Add follow-ups as sub-issues of the incident.'),
      settle: duration('settle')
        .default('2m')
        .describe('An item becomes an issue once unchanged this long, so fixing a typo makes no second issue.'),
    })
    .default({ section: 'Action items', repo: null, labels: ['incident-follow-up'], sub_issues: true, settle: '2m' })
    .describe('Follow-up issues for action items.'),
  reports: z
    .strictObject({
      repo: repoName
        .nullable()
        .default(null)
        .describe(
          'owner/name of the incident-reports repository; null = reports off. Another repository must consent (its `accepts_from`), and its `incoming.reports` settings apply.',
        ),
      base: z
        .string()
        .min(1)
        .nullable()
        .default(null)
        .describe('Branch to open report pull requests against; null = the default branch.'),
      path: reportPath('reports/{date}-{slug}.md').describe(
        'Report file path in the incident\'s own repository (another reports repository decides with its `incoming.reports.path`): relative, no ".." segment, not under .github/, ends in .md, contains {slug} or {number}; placeholders {date} {slug} {number} {repo}.',
      ),
      template: z
        .string()
        .min(1)
        .nullable()
        .default(null)
        .describe('Path of a Handlebars report template in the incident repository; null = the built-in one.'),
      severities: z.array(z.string()).default([]).describe('Severities that get a report; empty = all.'),
      allow_private_to_public: z
        .boolean()
        .default(false)
        .describe('Old name of `visibility.allow_more_public: public`; still honoured.'),
      reviewers: z.array(z.string().min(1)).default(['lead']).describe('"lead" and/or logins to request reviews from.'),
      labels: labelList(['incident-report'], 'Labels of report pull requests.'),
      // Read only by the `stats` command over a checkout: the app takes the reports repository's own `incoming.index`.
      index: z
        .strictObject(
          indexFields({
            path: 'Path of the index page in the reports repository.',
            charts: 'Folder of the chart SVG files the index shows.',
          }),
        )
        .default(INDEX_DEFAULTS)
        .describe(
          "The index page and charts `incident-responder stats` builds over a checkout; the app uses the reports repository's own `incoming.index`.",
        ),
    })
    .default({
      repo: null,
      base: null,
      path: 'reports/{date}-{slug}.md',
      template: null,
      severities: [],
      allow_private_to_public: false,
      reviewers: ['lead'],
      labels: ['incident-report'],
      index: INDEX_DEFAULTS,
    })
    .describe('Incident reports committed to a repository as pull requests.'),
  visibility: z
    .strictObject({
      allow_more_public: z
        .union([z.literal(false), z.enum(['internal', 'public'])], { error: 'must be false, internal or public' })
        .default(false)
        .describe(
          "Text of this repository's incidents (follow-up issues, reports, cross-references) may go to a more public repository only this far: false = never; internal = private text may reach internal repositories; public = anywhere.",
        ),
    })
    .default({ allow_more_public: false })
    .describe('How far incident text may move to more public repositories (ranked private < internal < public).'),
  accepts_from: z
    .array(repoPattern)
    .max(100, { message: 'lists at most 100 repositories or owners' })
    .default([])
    .describe(
      'Repositories ("owner/name") or owners ("owner/*") whose incidents may write reports and follow-up issues into THIS repository. Empty = none but this repository itself.',
    ),
  status_page: z
    .strictObject({
      repo: repoName
        .nullable()
        .default(null)
        .describe(
          "owner/name of the repository the status page is committed to; null = the incident's own repository. Another repository must consent (its `accepts_from`), and its `incoming.status_page` decides branch and folder.",
        ),
      branch: statusBranch.describe('Branch the status page is committed to (publish it with GitHub Pages).'),
      path: statusFolder.describe('Folder of incidents.json, feed.atom and index.html on that branch.'),
      components: z
        .array(
          z
            .string()
            .min(1)
            .max(60)
            .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._&()/-]*$/u, {
              message: 'must be a short name of letters, digits, spaces and . _ & ( ) / -',
            }),
        )
        .max(50)
        .default([])
        .describe(
          'The components the page lists (`/incident affects NAME` names them); each operational unless an unresolved incident affects it.',
        ),
      title: z.string().min(1).max(100).default('Service status').describe('The heading of the page and the feeds.'),
      major_severities: z
        .array(z.string().min(1))
        .default(['high'])
        .describe('Severities shown as a major outage on the affected components; the others show as degraded.'),
      maintenance_label: z
        .string()
        .min(1)
        .max(50)
        .default('maintenance')
        .describe(
          'An issue with this label (and no incident label) and a **Start:** and **End:** in its body is a maintenance window on the page: scheduled, in progress, completed.',
        ),
    })
    .nullable()
    .default(null)
    .describe(
      "The public status page (docs/status-page.md): `/incident public TEXT` updates, affected components and the incident's state committed as incidents.json, feed.atom and index.html. Absent = off; `status_page: {}` = on with the defaults.",
    ),
  incoming: z
    .strictObject({
      reports: z
        .strictObject({
          base: z
            .string()
            .min(1)
            .nullable()
            .default(null)
            .describe('Branch report pull requests from other repositories target; null = the default branch.'),
          path: reportPath('reports/{repo}/{date}-{slug}.md').describe(
            'Where reports from other repositories are written (same rules as reports.path).',
          ),
          labels: labelList(['incident-report'], 'Labels of report pull requests from other repositories.'),
          reviewers: z
            .array(z.string().min(1))
            .default([])
            .describe('"lead" and/or logins to request reviews from on reports from other repositories.'),
        })
        .default({ base: null, path: 'reports/{repo}/{date}-{slug}.md', labels: ['incident-report'], reviewers: [] }),
      follow_ups: z
        .strictObject({
          labels: labelList(['incident-follow-up'], 'Labels of follow-up issues opened here from other repositories.'),
        })
        .default({ labels: ['incident-follow-up'] }),
      // The index is written into this repository, so this repository decides where (issue #25, finding 1).
      index: z
        .strictObject({
          ...indexFields({
            path: 'Path of the index page in this repository: inside the folder of `incoming.reports.path`, not under .github/.',
            charts: 'Folder of the chart SVG files the index shows (inside the reports folder).',
          }),
          cooldown: duration('cooldown')
            .refine((v) => (parseDuration(v) ?? 0) >= MIN_INDEX_COOLDOWN_MINUTES, {
              message: `must be at least ${MIN_INDEX_COOLDOWN_MINUTES}m: each rebuild reads the repository`,
            })
            .default(`${MIN_INDEX_COOLDOWN_MINUTES}m`)
            .describe(
              `\`/incident stats\` rebuilds the index at most once per this long (at least ${MIN_INDEX_COOLDOWN_MINUTES}m); a merged report always does.`,
            ),
        })
        .default({ ...INDEX_DEFAULTS, cooldown: `${MIN_INDEX_COOLDOWN_MINUTES}m` })
        .describe(
          'The index of the reports in this repository (docs/stats.md): this repository decides, not the writer.',
        ),
      status_page: z
        .strictObject({
          branch: statusBranch.describe('Branch the public updates of other repositories are committed to.'),
          path: statusFolder.describe('Folder of incidents.json, feed.atom and index.html on that branch.'),
        })
        .default({ branch: 'status-page', path: 'status' }),
    })
    .default({
      reports: { base: null, path: 'reports/{repo}/{date}-{slug}.md', labels: ['incident-report'], reviewers: [] },
      follow_ups: { labels: ['incident-follow-up'] },
      index: { ...INDEX_DEFAULTS, cooldown: `${MIN_INDEX_COOLDOWN_MINUTES}m` },
      status_page: { branch: 'status-page', path: 'status' },
    })
    .describe(
      "This repository's settings for what other repositories (listed in accepts_from) write here: the writer cannot choose them.",
    ),
  commands: z
    .strictObject({
      prefix: z
        .string()
        .regex(/^\/[a-z][a-z0-9-]*$/, { message: 'must be a slash and a word, e.g. "/incident"' })
        .default('/incident')
        .describe('Comment lines starting with this are commands.'),
      permission: z
        .enum(['read', 'triage', 'write', 'maintain', 'admin'], {
          error: 'must be one of read, triage, write, maintain, admin',
        })
        .default('triage')
        .describe('Minimum repository permission to run commands.'),
      resolve_closes: z.boolean().default(true).describe('`/incident resolved` also closes the issue.'),
    })
    .default({ prefix: '/incident', permission: 'triage', resolve_closes: true })
    .describe('`/incident` commands.'),
  alerts: z
    .strictObject({
      sources: z
        .array(z.enum(ALERT_SOURCES, { error: `must be one of ${ALERT_SOURCES.join(', ')}` }))
        .default([])
        .describe(
          "Alert sources that may open incidents here through the server's /api/alerts route or a repository_dispatch (docs/alerts.md). Empty = none: alerts are refused with 403 and nothing is written.",
        ),
      template: repoFile
        .default(DEFAULT_ALERT_TEMPLATE)
        .describe('The issue template an incident opened from an alert starts from.'),
      severity_label: z.string().min(1).default('severity').describe('The alert label holding the severity.'),
      severity_map: z
        .record(z.string().min(1), z.string().min(1))
        .default({})
        .describe(
          'Alert severity value -> severity level (e.g. {critical: high, warning: medium}); wins over the built-in severity words. Values match case-insensitively.',
        ),
      labels: labelList(
        [],
        'Labels every incident opened from an alert gets (beside the incident and severity labels).',
      ),
      copy_labels: z
        .array(z.string().min(1))
        .max(20)
        .default([])
        .describe('Alert labels whose values become issue labels, as "name: value" (e.g. [team, service]).'),
      lead_label: z
        .string()
        .min(1)
        .nullable()
        .default(null)
        .describe('The alert label that names the owning team (e.g. team); `leads` maps its values to a lead.'),
      leads: z
        .record(
          z.string().min(1),
          z.string().regex(/^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i, { message: 'must be a GitHub login' }),
        )
        .default({})
        .describe('Value of lead_label -> the login assigned to the new incident (e.g. {payments: alice}).'),
      title: z
        .string()
        .min(1)
        .max(200)
        .default('{title}')
        .describe(
          "Title of a new incident: {title} (the alert's), {source} and {label.NAME} are replaced with the alert's text.",
        ),
    })
    .default(ALERTS_DEFAULT)
    .describe(
      'Incidents opened from alerts (docs/alerts.md): which sources may open them, and how an alert maps onto one.',
    ),
};

export const configSchema = z
  .strictObject(sections)
  .superRefine((config, ctx) => {
    const names = config.severity.levels.map((l) => l.name);
    const labels = config.severity.levels.map((l) => l.label.toLowerCase());
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['severity', 'levels', i, 'name'],
          message: `"${name}" is used by two levels`,
        });
    });
    labels.forEach((label, i) => {
      if (labels.indexOf(label) !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['severity', 'levels', i, 'label'],
          message: `"${label}" is used by two levels`,
        });
    });
    const known = `(levels: ${names.join(', ')})`;
    for (const key of Object.keys(config.status_updates.every)) {
      if (!names.includes(key))
        ctx.addIssue({
          code: 'custom',
          path: ['status_updates', 'every', key],
          message: `"${key}" is not a severity level ${known}`,
        });
    }
    for (const [value, level] of Object.entries(config.alerts.severity_map)) {
      if (!names.includes(level))
        ctx.addIssue({
          code: 'custom',
          path: ['alerts', 'severity_map', value],
          message: `"${level}" is not a severity level ${known}`,
        });
    }
    config.reports.severities.forEach((s, i) => {
      if (!names.includes(s))
        ctx.addIssue({
          code: 'custom',
          path: ['reports', 'severities', i],
          message: `"${s}" is not a severity level ${known}`,
        });
    });
  })
  .describe('incident-responder configuration (.github/incident.yml)');

export type IncidentConfig = z.output<typeof configSchema>;
