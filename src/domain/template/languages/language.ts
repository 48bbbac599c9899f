/**
 * The words the template reader knows in one language: data, never code. Every entry is a lower-case
 * phrase matched as whole words (or, in scripts written without spaces, as a substring), never compiled
 * into a regular expression, so a team's own words (`languages.custom` in `.github/incident.yml`) are as
 * safe as the built-in ones. docs/templates.md lists what each entry does.
 */
export interface Language {
  /** Heading words: what the section below a heading is. */
  headings: {
    /** Its task items and tables are action items (follow-up issues), not steps. */
    actionItems: string[];
    /** The phase after resolution: deadlines count from resolution. */
    postIncident: string[];
    /** A meeting agenda: its time boxes ("Share the agenda (2 min)") are not deadlines. */
    agenda: string[];
    /** "Immediate": with a number in the heading the number decides; alone it is a 0-minute deadline and a warning. */
    immediate: string[];
    /** "First" in "First 15 minutes" ("Erste 30 Minuten", "最初の15分"). */
    first: string[];
  };
  /** Field labels (bold labels, form headings, table headers). */
  fields: {
    severity: string[];
    impactStart: string[];
    /** Action-item table columns: the item's text, its owner, its state. */
    action: string[];
    owner: string[];
    status: string[];
  };
  /** Severity answers -> the English word the configured levels know ("hoch" -> "high", "majeur" -> "major"). */
  severity: Record<string, 'critical' | 'high' | 'major' | 'medium' | 'moderate' | 'minor' | 'low'>;
  /** Time units after a number ("15 Minuten", "0–15 dakika", "15分"). */
  time: { minute: string[]; hour: string[]; day: string[]; week: string[] };
  /** What makes a task list a list of answers rather than steps (its heading or lead-in, or its items). */
  cues: {
    /** First word of a label that asks a question without a question mark ("Was this preventable"). */
    question: string[];
    /** A label that offers a choice ("Select one", "Determine the severity"). */
    choice: string[];
    /** A label that records a state ("SLA status", "Outcome"). */
    state: string[];
    /** A label that sets a condition ("Escalate when", "Criteria"). */
    condition: string[];
    /** Items that are answers wherever they stand ("Yes", "No", "Partially"). */
    answers: string[];
    /** Items that attest something ("I confirm ...", "I have read ..."): a box ticked by the reporter, not a step. */
    attestation: string[];
  };
  /** Fill-ins a template's user replaces: never a step, never a follow-up issue. */
  placeholders: {
    /** Nouns of numbered fill-ins ("Action 1", "Symptom 2", "Maßnahme 1"). */
    nouns: string[];
    /** Verbs of an instruction to the template's user ("Add ... here", "Assign owners and due dates"). */
    instructions: string[];
    /** "Here": an instruction that says where to write is a fill-in. */
    here: string[];
    /** Objects that make an instruction verb a fill-in without "here" ("owners", "due dates"). */
    objects: string[];
  };
  /** Done-when grammar: a verb and a role noun, in either order, with up to four words between. */
  doneWhen: {
    verbs: string[];
    roles: { lead: string[]; scribe: string[]; comms: string[] };
  };
}
