import type { Language } from './language.js';

/** Polish. */
export const pl: Language = {
  headings: {
    actionItems: ['działania naprawcze', 'działania następcze', 'plan działań'],
    postIncident: ['po incydencie', 'analiza poincydentalna', 'post mortem', 'retrospektywa'],
    agenda: ['agenda', 'porządek spotkania', 'spotkanie'],
    immediate: ['natychmiast', 'natychmiastowe', 'natychmiastowe działania', 'od razu'],
    first: ['pierwsze', 'pierwszych', 'pierwsza', 'pierwszy'],
  },
  fields: {
    severity: ['ważność', 'waga', 'priorytet', 'krytyczność', 'poziom ważności'],
    impactStart: ['początek wpływu', 'początek', 'czas rozpoczęcia'],
    action: ['działanie', 'zadanie', 'opis'],
    owner: ['właściciel', 'odpowiedzialny', 'osoba odpowiedzialna'],
    status: ['status', 'stan', 'zrobione'],
  },
  severity: {
    krytyczny: 'critical',
    krytyczna: 'critical',
    wysoki: 'high',
    wysoka: 'high',
    poważny: 'major',
    średni: 'medium',
    średnia: 'medium',
    drobny: 'minor',
    niski: 'low',
    niska: 'low',
  },
  time: {
    minute: ['minuta', 'minuty', 'minut', 'min'],
    hour: ['godzina', 'godziny', 'godzin', 'godz'],
    day: ['dzień', 'dni'],
    week: ['tydzień', 'tygodnie', 'tygodni'],
  },
  cues: {
    question: ['czy', 'jak', 'co', 'który', 'która', 'które', 'kto', 'dlaczego'],
    choice: ['wybierz', 'zaznacz', 'wybrać', 'określ ważność'],
    state: ['status', 'stan', 'wynik', 'status sla'],
    condition: ['gdy', 'jeśli', 'jeżeli', 'kryteria', 'warunki', 'eskaluj gdy', 'eskaluj jeśli'],
    answers: ['tak', 'nie', 'częściowo', 'nieznane', 'brak', 'żaden', 'nie dotyczy', 'może'],
    attestation: ['potwierdzam', 'przeczytałem', 'przeczytałam', 'akceptuję'],
  },
  placeholders: {
    nouns: ['działanie', 'zadanie', 'krok', 'objaw', 'przyczyna', 'punkt'],
    instructions: ['dodaj', 'opisz', 'wypisz', 'wpisz', 'uzupełnij', 'przypisz'],
    here: ['tutaj', 'tu', 'poniżej'],
    objects: ['właścicieli i terminy', 'właścicieli', 'terminy'],
  },
  doneWhen: {
    verbs: ['wyznacz', 'wyznaczyć', 'przypisz', 'przypisać', 'wybierz', 'wybrać', 'ustal', 'mianuj'],
    roles: {
      lead: [
        'incident commander',
        'incident manager',
        'kierownika incydentu',
        'kierownik incydentu',
        'lidera',
        'lider',
        'koordynatora',
        'koordynator',
        'ic',
      ],
      scribe: ['protokolanta', 'protokolant', 'osobę notującą'],
      comms: ['osobę do komunikacji', 'komunikacji', 'komunikację', 'rzecznika'],
    },
  },
};
