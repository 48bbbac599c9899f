import type { IssueSnapshot } from '../incident/incident-state.js';
import { MAX_TITLE } from '../shared/text-limits.js';
import { COMPONENTS_FIELD } from '../template/window-fields.js';
import { maintenanceWindow, type MaintenancePhase } from './maintenance.js';
import type { PublishedMaintenance } from './model.js';
import { isoWithOffset } from './published-incident.js';

/** Is this issue a maintenance window? Its label, and not an incident (an incident label wins). */
export function isMaintenanceIssue(params: {
  labels: readonly string[];
  maintenanceLabel: string;
  incidentLabels: readonly string[];
}): boolean {
  const has = (name: string) => params.labels.some((l) => l.toLowerCase() === name.toLowerCase());
  return has(params.maintenanceLabel) && !params.incidentLabels.some(has);
}

const NO_COMPONENTS = /^(?:none|n\/a|-)?$/i;

/** The names a `**Components:**` field lists (commas or new lines between them). */
function componentNames(fields: Readonly<Record<string, string>>): string[] {
  const key = Object.keys(fields).find((k) => COMPONENTS_FIELD.test(k.trim()));
  const value = key === undefined ? '' : (fields[key] ?? '');
  return value
    .split(/[,\n]/)
    .map((name) => name.replace(/^\s*[-*]\s+/, '').trim())
    .filter((name) => !NO_COMPONENTS.test(name));
}

/**
 * The maintenance window an issue publishes: its title, its window and the configured components it
 * names, in the phase it has at `now`. A window closed before its end is completed at the close; one
 * closed before its start never happened and leaves the page (`entry` null). The errors are the
 * author's to fix, said in one comment on the issue; nothing of a window with errors is published.
 */
export function publishedMaintenance(params: {
  repo: string;
  issue: Pick<IssueSnapshot, 'number' | 'title' | 'state' | 'closedAt' | 'createdAt'>;
  fields: Readonly<Record<string, string>>;
  /** `status_page.components`. */
  configured: readonly string[];
  now: Date;
}): { ok: true; entry: PublishedMaintenance | null; nextChangeAt: string | null } | { ok: false; errors: string[] } {
  const { issue, now } = params;
  const errors: string[] = [];
  const read = maintenanceWindow({ fields: params.fields, now });
  if (!read.ok) errors.push(read.error);
  const known = new Map(params.configured.map((c) => [c.toLowerCase(), c]));
  const names = componentNames(params.fields);
  const unknown = names.filter((c) => !known.has(c.toLowerCase()));
  if (unknown.length > 0) {
    // The names are the author's text: kept to a short line that cannot close its code span.
    const listed = (list: readonly string[]) =>
      list.map((c) => `\`${c.replace(/[`\s]+/g, ' ').slice(0, 60)}\``).join(', ');
    errors.push(
      `the **Components:** ${listed(unknown.slice(0, 10))} ${unknown.length === 1 ? 'is' : 'are'} not on the status page (\`status_page.components\` lists ${params.configured.length > 0 ? listed(params.configured) : 'none'})`,
    );
  }
  if (!read.ok || errors.length > 0) return { ok: false, errors };
  const { window } = read;
  const closedAt = issue.state === 'closed' && issue.closedAt !== null ? Date.parse(issue.closedAt) : null;
  if (closedAt !== null && closedAt < Date.parse(window.start)) return { ok: true, entry: null, nextChangeAt: null };
  const closedEarly = closedAt !== null && closedAt < Date.parse(window.end);
  const phase: MaintenancePhase = closedAt !== null ? 'completed' : window.phase;
  return {
    ok: true,
    entry: {
      id: `${params.repo}#${issue.number}`,
      number: issue.number,
      title: issue.title.slice(0, MAX_TITLE),
      components: [...new Set(names.flatMap((c) => known.get(c.toLowerCase()) ?? []))],
      announced_at: isoWithOffset(issue.createdAt),
      start: isoWithOffset(window.start),
      end: isoWithOffset(closedEarly && issue.closedAt !== null ? issue.closedAt : window.end),
      phase,
    },
    nextChangeAt: phase === 'completed' ? null : window.nextChangeAt,
  };
}
