import type { AlertSettings } from '../domain/alerts/settings.js';
import type { IncidentConfig } from './schema.js';

/** The `alerts:` section as the alert pass reads it. */
export function alertSettingsOf(config: IncidentConfig): AlertSettings {
  const a = config.alerts;
  return {
    sources: a.sources,
    template: a.template,
    severityLabel: a.severity_label,
    severityMap: Object.fromEntries(Object.entries(a.severity_map).map(([k, v]) => [k.trim().toLowerCase(), v])),
    labels: a.labels,
    copyLabels: a.copy_labels,
    leadLabel: a.lead_label,
    leads: a.leads,
    title: a.title,
  };
}
