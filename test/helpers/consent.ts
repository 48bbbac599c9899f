/**
 * The reports repository's `.github/incident.yml` in tests: it accepts reports from the `acme`
 * repositories (without it, the app writes nothing there) and keeps the incident side's former defaults
 * for where reports go and who reviews them.
 */
export const REPORTS_CONSENT =
  'accepts_from: [acme/*]\nincoming:\n  reports:\n    path: reports/{date}-{slug}.md\n    reviewers: [lead]\n';
