/** Alerts: each source's webhook read onto one model (alert.ts), the group's marker, severity and memory of an incident. */
export * from './alert.js';
export { readAlertPayload } from './read-payload.js';
export { alertGroupId, alertGroupMarker, alertGroupOf } from './group-marker.js';
export { alertSeverity } from './severity.js';
export { foldAlerts, earliestStart, latestEnd, type AlertMemory, type AlertRecord } from './fold.js';
export type { AlertSettings } from './settings.js';
