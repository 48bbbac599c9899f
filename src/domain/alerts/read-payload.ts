import type { AlertReading, AlertSource } from './alert.js';
import { readAlertmanager } from './alertmanager.js';
import { readDatadog } from './datadog.js';
import { readGeneric } from './generic.js';
import { readGrafana } from './grafana.js';
import { readOpsgenie } from './opsgenie.js';
import { readPagerDuty } from './pagerduty.js';
import { readSentry } from './sentry.js';

const READERS: Record<AlertSource, (payload: unknown) => AlertReading> = {
  alertmanager: (payload) => readAlertmanager(payload),
  grafana: readGrafana,
  pagerduty: readPagerDuty,
  opsgenie: readOpsgenie,
  datadog: readDatadog,
  sentry: readSentry,
  generic: readGeneric,
};

/** A source's webhook JSON (already parsed) read onto the one alert model, or a readable error. */
export function readAlertPayload(params: { source: AlertSource; payload: unknown }): AlertReading {
  return READERS[params.source](params.payload);
}
