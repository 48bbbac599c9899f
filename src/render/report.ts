import Handlebars from 'handlebars';
import type { ReportModel } from '../domain/reports/report-model.js';
import { inlineText, neutraliseMarkers } from './escape.js';
import { localTime, span } from './time.js';

/**
 * Report rendering. Templates are trusted files only (ours, or the incident repository's own at
 * `reports.template`); issue text is data: every text field is escaped for markdown with mentions and
 * references neutralised before the template sees it, so `{{` in an issue stays text, nobody is pinged
 * and no marker can be forged. Strict mode turns a misspelt field into an error; Handlebars' default
 * of refusing prototype access is kept.
 */
export class ReportTemplateError extends Error {}

const HELPERS = ['yaml', 'yamlList', 'time', 'duration'] as const;

function environment(timeZone: string | undefined): typeof Handlebars {
  const env = Handlebars.create();
  // A YAML scalar: JSON strings are valid YAML. Markdown escapes and the zero-width spaces that keep
  // mentions and references inert are undone: front matter is data for tools, and a file's front matter
  // neither pings nor links anyone.
  const plain = (value: string): string =>
    neutraliseMarkers(value.replace(/\\([\\`*_{}[\]()<>#+\-.!|~&])/g, '$1').replace(/\u200b/g, ''));
  env.registerHelper('yaml', (value: unknown) => {
    if (value === null || value === undefined || value === '' || value === '–') return 'null';
    return JSON.stringify(plain(String(value)));
  });
  // A list of records as one YAML flow sequence (JSON is valid YAML), the same undoing of escapes per
  // text: the checklist and action items are data for tools reading reports back (`stats`).
  env.registerHelper('yamlList', (list: unknown, ...rest: unknown[]) => {
    const keys = rest.slice(0, -1).map(String);
    if (!Array.isArray(list)) return '[]';
    const rows = list.map((item: Record<string, unknown>) =>
      Object.fromEntries(
        keys.map((k) => [k, typeof item[k] === 'string' ? plain(item[k] as string) : (item[k] ?? null)]),
      ),
    );
    return JSON.stringify(rows);
  });
  env.registerHelper('time', (value: unknown) =>
    typeof value === 'string' && value !== '' && !Number.isNaN(Date.parse(value))
      ? localTime(new Date(value), timeZone)
      : '–',
  );
  env.registerHelper('duration', (minutes: unknown) =>
    typeof minutes === 'number' ? span(minutes * 60_000) || '0 min' : '–',
  );
  return env;
}

type Escaped<T> = T;

/** The model with every free-text field escaped; times, numbers and GitHub URLs are left as they are. */
export function escapeModel(model: ReportModel): Escaped<ReportModel> {
  const text = (value: string | null): string | null => (value === null ? null : inlineText(value, 2_000));
  return {
    ...model,
    title: inlineText(model.title, 300),
    incident: { ...model.incident, ref: inlineText(model.incident.ref) },
    severity: text(model.severity),
    lead: text(model.lead),
    roles: { lead: text(model.roles.lead), scribe: text(model.roles.scribe), comms: text(model.roles.comms) },
    summary: text(model.summary),
    impact: text(model.impact),
    timeline: model.timeline.map((e) => ({ ...e, text: inlineText(e.text, 2_000), actor: text(e.actor) })),
    checklist: model.checklist.map((c) => ({
      ...c,
      text: inlineText(c.text, 500),
      section: text(c.section),
      rule: text(c.rule),
    })),
    action_items: model.action_items.map((a) => ({ ...a, text: inlineText(a.text, 500), issue: text(a.issue) })),
  };
}

/** `timeZone`: the team's (`display.timezone`); the `time` helper shows times there, with the offset. */
export function renderReport(params: {
  template: string;
  model: ReportModel;
  source?: string;
  timeZone?: string;
}): string {
  const env = environment(params.timeZone);
  let compiled: HandlebarsTemplateDelegate;
  try {
    compiled = env.compile(params.template, {
      strict: true,
      noEscape: true,
      knownHelpersOnly: true,
      knownHelpers: Object.fromEntries(HELPERS.map((h) => [h, true])),
    });
    return compiled(escapeModel(params.model));
  } catch (error) {
    const where = params.source ?? 'the report template';
    throw new ReportTemplateError(`${where}: ${(error as Error).message.split('\n').slice(0, 4).join(' ')}`);
  }
}
