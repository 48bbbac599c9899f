import type { FollowUpState } from './report-index.js';
import type { ReportIndexLayout } from '../incident/settings.js';

/** What the reports index is built with: its layout from the config, and follow-up states when read fresh. */
export interface ReportIndexSettings extends ReportIndexLayout {
  /** Current follow-up states by issue reference, when the caller has read them from GitHub. */
  followUpStates?: Readonly<Record<string, FollowUpState>>;
}
