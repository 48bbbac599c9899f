import { marker } from '../domain/incident/markers.js';
import { sourceName } from './alert-lines.js';
import { localTime } from './time.js';

/** Said once per mitigation: the alert group fired again after the incident was recorded as mitigated. */
export function renderAlertRefire(params: {
  key: string;
  at: string;
  mitigatedAt: string;
  source: string;
  timeZone?: string;
}): string {
  return `${marker('reply', { comment: params.key })}\n🔁 The alert from ${sourceName(params.source)} fired again at ${localTime(new Date(params.at), params.timeZone)}, after the incident was recorded as mitigated at ${localTime(new Date(params.mitigatedAt), params.timeZone)}. The incident stays as it is: its lead decides whether it is still mitigated.\n`;
}
