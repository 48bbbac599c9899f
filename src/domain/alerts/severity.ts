import { matchSeverity, type SeverityLevel } from '../template/severity.js';
import type { AlertNotification } from './alert.js';

/**
 * The app's severity for an alert group: the value of the severity label (the group's, else the first
 * alert's), through the repository's map first, then the built-in severity words (`critical` is high).
 */
export function alertSeverity(params: {
  notification: AlertNotification;
  severityLabel: string;
  severityMap: Readonly<Record<string, string>>;
  levels: readonly SeverityLevel[];
}): string | null {
  const { notification, severityLabel, levels } = params;
  const value =
    notification.labels[severityLabel] ??
    notification.alerts.find((a) => a.labels[severityLabel])?.labels[severityLabel];
  if (value === undefined) return null;
  const mapped = params.severityMap[value.trim().toLowerCase()];
  if (mapped !== undefined && levels.some((l) => l.name === mapped)) return mapped;
  const match = matchSeverity({ text: value, levels });
  return match.kind === 'level' ? match.level : null;
}
