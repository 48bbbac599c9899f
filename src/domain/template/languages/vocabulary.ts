import type { Language } from './language.js';
import { foldText, phrasesOf, type Phrases } from './phrases.js';

/** The enabled languages merged: what the reader consults. Built once per config (parse-options). */
export interface Vocabulary {
  /** The languages merged, by code. */
  readonly languages: readonly string[];
  readonly actionHeadings: Phrases;
  readonly postIncidentHeadings: Phrases;
  readonly agendaHeadings: Phrases;
  readonly immediateHeadings: Phrases;
  readonly firstWords: Phrases;
  readonly severityFields: Phrases;
  readonly impactStartFields: Phrases;
  readonly actionColumns: Phrases;
  readonly ownerColumns: Phrases;
  readonly statusColumns: Phrases;
  /** A severity answer word (folded) -> the English word the configured levels know. */
  readonly severityWords: ReadonlyMap<string, string>;
  /** A time word (folded) -> its minutes. */
  readonly timeUnits: ReadonlyMap<string, number>;
  readonly questionCues: Phrases;
  readonly choiceCues: Phrases;
  readonly stateCues: Phrases;
  readonly conditionCues: Phrases;
  readonly answerWords: Phrases;
  readonly attestationCues: Phrases;
  readonly placeholderNouns: Phrases;
  readonly instructionVerbs: Phrases;
  readonly hereWords: Phrases;
  readonly instructionObjects: Phrases;
  readonly doneVerbs: Phrases;
  readonly roles: { readonly lead: Phrases; readonly scribe: Phrases; readonly comms: Phrases };
}

const UNIT_MINUTES = { minute: 1, hour: 60, day: 24 * 60, week: 7 * 24 * 60 } as const;

/** The languages (by code, in order) merged into one vocabulary. */
export function mergeLanguages(languages: ReadonlyArray<readonly [string, Language]>): Vocabulary {
  const all = languages.map(([, l]) => l);
  const pick = (get: (l: Language) => readonly string[]): Phrases => phrasesOf(all.flatMap((l) => [...get(l)]));
  const severityWords = new Map<string, string>();
  const timeUnits = new Map<string, number>();
  for (const l of all) {
    for (const [word, english] of Object.entries(l.severity)) {
      const key = foldText(word);
      if (key !== '' && !severityWords.has(key)) severityWords.set(key, english);
    }
    for (const unit of Object.keys(UNIT_MINUTES) as Array<keyof typeof UNIT_MINUTES>) {
      for (const word of l.time[unit]) {
        const key = foldText(word);
        if (key !== '' && !timeUnits.has(key)) timeUnits.set(key, UNIT_MINUTES[unit]);
      }
    }
  }
  return {
    languages: languages.map(([code]) => code),
    actionHeadings: pick((l) => l.headings.actionItems),
    postIncidentHeadings: pick((l) => l.headings.postIncident),
    agendaHeadings: pick((l) => l.headings.agenda),
    immediateHeadings: pick((l) => l.headings.immediate),
    firstWords: pick((l) => l.headings.first),
    severityFields: pick((l) => l.fields.severity),
    impactStartFields: pick((l) => l.fields.impactStart),
    actionColumns: pick((l) => l.fields.action),
    ownerColumns: pick((l) => l.fields.owner),
    statusColumns: pick((l) => l.fields.status),
    severityWords,
    timeUnits,
    questionCues: pick((l) => l.cues.question),
    choiceCues: pick((l) => l.cues.choice),
    stateCues: pick((l) => l.cues.state),
    conditionCues: pick((l) => l.cues.condition),
    answerWords: pick((l) => l.cues.answers),
    attestationCues: pick((l) => l.cues.attestation),
    placeholderNouns: pick((l) => l.placeholders.nouns),
    instructionVerbs: pick((l) => l.placeholders.instructions),
    hereWords: pick((l) => l.placeholders.here),
    instructionObjects: pick((l) => l.placeholders.objects),
    doneVerbs: pick((l) => l.doneWhen.verbs),
    roles: {
      lead: pick((l) => l.doneWhen.roles.lead),
      scribe: pick((l) => l.doneWhen.roles.scribe),
      comms: pick((l) => l.doneWhen.roles.comms),
    },
  };
}
