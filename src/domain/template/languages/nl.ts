import type { Language } from './language.js';

/** Dutch. */
export const nl: Language = {
  headings: {
    actionItems: ['actiepunten', 'vervolgacties', 'verbeteracties'],
    postIncident: ['na het incident', 'nazorg', 'post mortem', 'retrospectief', 'evaluatie'],
    agenda: ['agenda', 'vergadering', 'bespreking'],
    immediate: ['direct', 'onmiddellijk', 'meteen', 'directe acties'],
    first: ['eerste'],
  },
  fields: {
    severity: ['ernst', 'prioriteit', 'urgentie', 'impactniveau', 'ernstniveau'],
    impactStart: ['start van de impact', 'begin', 'starttijd'],
    action: ['actie', 'actiepunt', 'taak', 'omschrijving'],
    owner: ['eigenaar', 'verantwoordelijke', 'wie'],
    status: ['status', 'gedaan'],
  },
  severity: {
    kritiek: 'critical',
    kritisch: 'critical',
    hoog: 'high',
    groot: 'major',
    middel: 'medium',
    gemiddeld: 'medium',
    klein: 'minor',
    laag: 'low',
  },
  time: { minute: ['minuut', 'minuten', 'min'], hour: ['uur', 'uren'], day: ['dag', 'dagen'], week: ['week', 'weken'] },
  cues: {
    question: ['was', 'werd', 'is', 'zijn', 'hoe', 'wat', 'welke', 'wie', 'waarom'],
    choice: ['selecteer', 'kies', 'kiezen', 'vink aan', 'aanvinken', 'bepaal de ernst'],
    state: ['status', 'toestand', 'resultaat', 'sla status'],
    condition: ['wanneer', 'als', 'criteria', 'voorwaarden', 'escaleer als', 'escaleren als'],
    answers: ['ja', 'nee', 'gedeeltelijk', 'deels', 'onbekend', 'geen', 'n.v.t.', 'niet van toepassing', 'misschien'],
    attestation: ['ik bevestig', 'ik heb', 'ik ga akkoord'],
  },
  placeholders: {
    nouns: ['actie', 'actiepunt', 'taak', 'stap', 'symptoom', 'oorzaak', 'punt'],
    instructions: ['voeg', 'toevoegen', 'beschrijf', 'beschrijven', 'noem', 'vul', 'invullen', 'wijs', 'toewijzen'],
    here: ['hier', 'hieronder'],
    objects: ['eigenaren en deadlines', 'eigenaren', 'deadlines'],
  },
  doneWhen: {
    verbs: ['wijs', 'toewijzen', 'aanwijzen', 'benoem', 'benoemen', 'kies', 'kiezen', 'bepaal'],
    roles: {
      lead: ['incident commander', 'incident manager', 'incidentmanager', 'leider', 'coördinator', 'ic'],
      scribe: ['notulist', 'schrijver'],
      comms: ['communicatie', 'communicatieverantwoordelijke', 'woordvoerder'],
    },
  },
};
