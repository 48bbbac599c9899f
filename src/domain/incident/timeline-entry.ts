/** One line of an incident's timeline: plain text (escaped when rendered) and who caused it. */
export interface TimelineEntry {
  at: string;
  kind:
    | 'opened'
    | 'impact-start'
    | 'severity'
    | 'role'
    | 'status'
    | 'public'
    | 'note'
    | 'action'
    | 'summary'
    | 'impact'
    | 'step'
    | 'overdue'
    | 'pull-request'
    | 'acknowledged'
    | 'mitigated'
    | 'resolved'
    | 'reopened'
    | 'edited-command';
  text: string;
  actor: string | null;
}
