/**
 * The operator's switches, read where the server and the worker start: shadow mode and where `/metrics`
 * is served. A value that is neither clearly on nor off stops the start: guessing could turn a shadow
 * deployment into one that writes.
 */
export interface OperatorSettings {
  /** INCIDENT_RESPONDER_DRY_RUN: every pass runs, nothing is written, the intents are logged and counted. */
  dryRun: boolean;
  /** INCIDENT_RESPONDER_METRICS_PORT: `/metrics` on this port of its own; null: on the server's port (the worker: none). */
  metricsPort: number | null;
  errors: string[];
}

const ON = new Set(['true', '1', 'yes', 'on']);
const OFF = new Set(['', 'false', '0', 'no', 'off']);

export function operatorSettings(env: Readonly<Record<string, string | undefined>>): OperatorSettings {
  const errors: string[] = [];
  const dryText = (env.INCIDENT_RESPONDER_DRY_RUN ?? '').trim().toLowerCase();
  if (!ON.has(dryText) && !OFF.has(dryText))
    errors.push(`INCIDENT_RESPONDER_DRY_RUN is "${dryText}": set it to true (write nothing) or false.`);
  const portText = (env.INCIDENT_RESPONDER_METRICS_PORT ?? '').trim();
  let metricsPort: number | null = null;
  if (portText !== '') {
    const port = Number(portText);
    if (Number.isInteger(port) && port >= 1 && port <= 65_535) metricsPort = port;
    else errors.push(`INCIDENT_RESPONDER_METRICS_PORT is "${portText}", not a port number (1-65535).`);
  }
  return { dryRun: ON.has(dryText), metricsPort, errors };
}
