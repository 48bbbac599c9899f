import { marker } from '../domain/incident/markers.js';
import { neutraliseMarkers, neutraliseReferences } from './escape.js';

/**
 * The app's one comment on a maintenance issue (found again by its marker, updated in place): why the
 * window is not on the status page, or, once fixed, that it is. Never posted while all is well.
 */
export function renderMaintenanceComment(params: { problems: readonly string[] }): string {
  const text =
    params.problems.length === 0
      ? 'This maintenance window is on the status page.'
      : [
          '**This maintenance window is not on the status page:**',
          '',
          ...params.problems.map((p) => `- ${p}`),
          '',
          'Edit the issue to fix it; the page is updated then. For example:',
          '',
          '```',
          '**Start:** 2026-12-05 10:00 UTC',
          '**End:** 2026-12-05 12:00 UTC',
          '**Components:** API, Webhooks',
          '```',
        ].join('\n');
  // The problems quote the author's text (component names, a consent refusal naming repositories).
  return `${marker('maintenance')}\n${neutraliseMarkers(neutraliseReferences(text))}\n`;
}
