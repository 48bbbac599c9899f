import type { Language } from './language.js';

/** Italian. */
export const it: Language = {
  headings: {
    actionItems: ['azioni correttive', 'azioni di follow up', 'piano d azione'],
    postIncident: ['dopo l incidente', 'post incidente', 'post mortem', 'retrospettiva'],
    agenda: ['agenda', 'ordine del giorno', 'riunione'],
    immediate: ['immediato', 'immediata', 'immediate', 'immediatamente', 'azioni immediate'],
    first: ['primi', 'prime', 'primo', 'prima'],
  },
  fields: {
    severity: ['gravità', 'severità', 'priorità', 'criticità', 'livello di gravità'],
    impactStart: ['inizio dell impatto', 'inizio', 'ora di inizio'],
    action: ['azione', 'attività', 'descrizione'],
    owner: ['responsabile', 'proprietario', 'assegnatario'],
    status: ['stato', 'fatto'],
  },
  severity: {
    critica: 'critical',
    critico: 'critical',
    alta: 'high',
    alto: 'high',
    grave: 'major',
    media: 'medium',
    medio: 'medium',
    minore: 'minor',
    bassa: 'low',
    basso: 'low',
  },
  time: {
    minute: ['minuto', 'minuti', 'min'],
    hour: ['ora', 'ore'],
    day: ['giorno', 'giorni'],
    week: ['settimana', 'settimane'],
  },
  cues: {
    question: ['è', 'era', 'c era', 'ci sono', 'come', 'quale', 'quali', 'chi', 'perché'],
    choice: ['seleziona', 'selezionare', 'scegli', 'scegliere', 'spunta', 'determinare la gravità'],
    state: ['stato', 'esito', 'risultato', 'stato sla'],
    condition: ['quando', 'se', 'criteri', 'condizioni', 'escalare se', 'escalare quando'],
    answers: ['sì', 'si', 'no', 'parzialmente', 'sconosciuto', 'nessuno', 'nessuna', 'non applicabile', 'forse'],
    attestation: ['confermo', 'ho letto', 'accetto', 'dichiaro'],
  },
  placeholders: {
    nouns: ['azione', 'attività', 'passo', 'sintomo', 'causa', 'punto', 'elemento'],
    instructions: [
      'aggiungi',
      'aggiungere',
      'descrivi',
      'descrivere',
      'elenca',
      'elencare',
      'indica',
      'inserisci',
      'assegna',
      'assegnare',
    ],
    here: ['qui', 'qua', 'sotto'],
    objects: ['responsabili e scadenze', 'responsabili', 'scadenze'],
  },
  doneWhen: {
    verbs: ['assegnare', 'assegna', 'nominare', 'nomina', 'designare', 'scegliere', 'individuare'],
    roles: {
      lead: [
        'incident commander',
        'incident manager',
        'comandante',
        'responsabile dell incidente',
        'coordinatore',
        'ic',
      ],
      scribe: ['scriba', 'segretario', 'verbalizzante'],
      comms: ['comunicazione', 'responsabile della comunicazione', 'comunicazioni'],
    },
  },
};
