/** The one intake: any event (a webhook, an Action event, a timer, the sweep) -> one typed job for the App and the Action. */
export { intakeOf, ISSUE_ACTIONS, mayHoldCommand, needsBotLogin, type Intake } from './intake.js';
