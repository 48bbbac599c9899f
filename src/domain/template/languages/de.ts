import type { Language } from './language.js';

/** German. */
export const de: Language = {
  headings: {
    actionItems: ['folgemaßnahmen', 'korrekturmaßnahmen', 'maßnahmenplan', 'offene maßnahmen', 'action items'],
    postIncident: ['nach dem vorfall', 'nachbereitung', 'nachbetrachtung', 'post mortem', 'retrospektive'],
    agenda: ['agenda', 'tagesordnung', 'besprechung'],
    immediate: ['sofort', 'sofortmaßnahmen', 'sofortmassnahmen', 'unverzüglich'],
    first: ['erste', 'ersten', 'erster'],
  },
  fields: {
    severity: ['schweregrad', 'priorität', 'prioritaet', 'dringlichkeit', 'kritikalität', 'auswirkungsgrad'],
    impactStart: ['beginn', 'beginn der störung', 'startzeit', 'störungsbeginn'],
    action: ['maßnahme', 'massnahme', 'aufgabe', 'aktion', 'beschreibung'],
    owner: ['verantwortlich', 'verantwortliche', 'zuständig', 'owner'],
    status: ['status', 'zustand', 'erledigt'],
  },
  severity: {
    kritisch: 'critical',
    hoch: 'high',
    schwer: 'major',
    mittel: 'medium',
    gering: 'low',
    niedrig: 'low',
    leicht: 'minor',
  },
  time: {
    minute: ['minute', 'minuten', 'min'],
    hour: ['stunde', 'stunden', 'std'],
    day: ['tag', 'tage', 'tagen'],
    week: ['woche', 'wochen'],
  },
  cues: {
    question: ['war', 'wurde', 'ist', 'gab', 'hat', 'haben', 'wie', 'was', 'welche', 'welcher', 'wer', 'warum'],
    choice: ['auswählen', 'wählen', 'bitte wählen', 'ankreuzen', 'zutreffendes ankreuzen', 'schweregrad bestimmen'],
    state: ['status', 'zustand', 'ergebnis', 'sla status'],
    condition: ['wenn', 'falls', 'kriterien', 'bedingungen', 'eskalieren wenn'],
    answers: ['ja', 'nein', 'teilweise', 'unbekannt', 'keine', 'k.a.', 'nicht zutreffend', 'vielleicht'],
    attestation: ['ich bestätige', 'ich habe', 'ich stimme'],
  },
  placeholders: {
    nouns: ['maßnahme', 'massnahme', 'aufgabe', 'schritt', 'symptom', 'ursache', 'aktion', 'punkt'],
    instructions: ['hinzufügen', 'eintragen', 'beschreiben', 'ergänzen', 'zuweisen', 'füge', 'trage'],
    here: ['hier', 'unten'],
    objects: ['verantwortliche und fristen', 'verantwortliche', 'fristen'],
  },
  doneWhen: {
    verbs: ['benennen', 'ernennen', 'bestimmen', 'festlegen', 'zuweisen', 'übernehmen', 'wählen'],
    roles: {
      lead: [
        'incident commander',
        'incident manager',
        'leitung',
        'einsatzleiter',
        'einsatzleitung',
        'verantwortlichen',
        'leiter',
        'ic',
      ],
      scribe: ['protokollant', 'protokollführer', 'schriftführer'],
      comms: ['kommunikation', 'kommunikationsverantwortlichen', 'kommunikationsverantwortliche'],
    },
  },
};
