import type { StatusView } from '../../src/render/status-comment.js';

/** A status comment's view of an incident with nothing in it yet, at `now`; tests fill in what they check. */
export function emptyStatusView(params: { now: Date } & Partial<StatusView>): StatusView {
  return {
    phase: 'active',
    severity: null,
    severitySource: null,
    steps: [],
    status: { steps: [], overdue: [], nextChangeAt: null },
    warnings: [],
    configErrors: [],
    problems: [],
    roles: { lead: null, scribe: null, comms: null },
    summary: null,
    impact: null,
    impactStart: null,
    server: 'https://github.com',
    lastStatus: null,
    followUps: [],
    report: null,
    reportProblem: null,
    ...params,
  };
}
