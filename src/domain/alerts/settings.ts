import type { AlertSource } from './alert.js';

/** The repository's `alerts:` section as the alert pass reads it (config/alert-settings.ts builds it). */
export interface AlertSettings {
  /** The sources the repository consents to: none means the route answers 403 and writes nothing. */
  sources: readonly AlertSource[];
  /** The issue template a new incident is opened from. */
  template: string;
  /** The alert label holding the severity. */
  severityLabel: string;
  /** Alert value (lower case) -> the app's severity level; wins over the built-in severity words. */
  severityMap: Readonly<Record<string, string>>;
  /** Labels every incident opened from an alert gets, beside the incident label and the severity's. */
  labels: readonly string[];
  /** Alert labels whose values become issue labels, as `name: value`. */
  copyLabels: readonly string[];
  /** The alert label naming the owning team, and the lead per value (assigned to the new issue). */
  leadLabel: string | null;
  leads: Readonly<Record<string, string>>;
  /** The new issue's title: `{title}`, `{source}` and `{label.NAME}` are replaced by the alert's (as text). */
  title: string;
}

export const DEFAULT_ALERT_TEMPLATE = '.github/ISSUE_TEMPLATE/incident.md';
