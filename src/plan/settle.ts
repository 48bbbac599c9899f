import type { Intent, IntentOutcome } from '../domain/incident/intents.js';
import { fitMetadata } from '../domain/incident/metadata-budget.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';
import { completedSteps } from './completed-steps.js';
import type { IncidentPlan } from './plan-incident.js';
import { commentReply } from './settle-replies.js';
import { settleReportWrite, settleWrites } from './settle-writes.js';
import { statusCommentWrite } from './status-comment-write.js';

/** The second half of a pass: the writes that follow from the plan's writes, and the record to keep. */
export interface Settlement {
  intents: Intent[];
  metadata: IncidentMetadata;
  nextWakeAt: Date | null;
}

/**
 * After the plan's writes: what they mean for the incident (follow-up records, the report, problems
 * to show), the one reply to the command comment, and the status comment — written only when its visible
 * content or its metadata changed. Pure, like the plan.
 */
export function settle(params: { plan: IncidentPlan; outcomes: ReadonlyMap<Intent, IntentOutcome> }): Settlement {
  const { plan, outcomes } = params;
  const context = plan.context;
  if (!context) return { intents: [], metadata: { ...({} as IncidentMetadata) }, nextWakeAt: null };
  const writes = settleWrites({ intents: plan.intents, outcomes, metadata: context.metadata, stored: context.stored });
  const report = settleReportWrite({ context, outcomes, metadata: writes.metadata });
  const completed = completedSteps({ context, metadata: report.metadata });
  const metadata = fitMetadata(completed.metadata);
  const status = statusCommentWrite({
    context,
    shown: completed.shown,
    metadata,
    problems: [...context.notices, ...writes.problems],
  });
  const intents = [
    ...commentReply({ context, intents: plan.intents, outcomes, reportMessage: report.message }),
    ...(status.intent ? [status.intent] : []),
  ];
  return { intents, metadata: { ...metadata, viewKey: status.viewKey }, nextWakeAt: plan.nextWakeAt };
}
