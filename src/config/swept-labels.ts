import type { IncidentConfig } from './schema.js';

/**
 * The labels the sweep lists a repository's issues by: the incidents', and the maintenance windows'
 * when there is a status page (a window's next phase change is armed again by its pass).
 */
export function sweptLabels(config: IncidentConfig): string[] {
  return config.status_page
    ? [...config.incident.labels, config.status_page.maintenance_label]
    : [...config.incident.labels];
}
