import { describe, expect, it } from '@jest/globals';
import { parseConfigYaml } from '../../src/config/load.js';
import { parseOptionsOf } from '../../src/config/parse-options.js';
import { parseIncident } from '../../src/domain/template/checklist.js';
import { doneEventsOf } from '../../src/domain/template/done-when.js';
import { headingBudget } from '../../src/domain/template/heading-budget.js';
import { BUILTIN_LANGUAGE_CODES, DEFAULT_VOCABULARY, vocabularyOf } from '../../src/domain/template/languages/index.js';
import { isFillIn } from '../../src/domain/template/placeholder.js';
import { roleEventOf } from '../../src/domain/template/role-grammar.js';
import { isSeverityField, matchSeverity } from '../../src/domain/template/severity.js';
import { defaultParseOptions } from '../helpers/options.js';

const levels = defaultParseOptions().levels;
const V = DEFAULT_VOCABULARY;

describe('languages as data', () => {
  it('ships the twelve languages the issue names', () => {
    expect([...BUILTIN_LANGUAGE_CODES].sort()).toEqual(
      ['de', 'en', 'es', 'fr', 'it', 'ja', 'ko', 'nl', 'pl', 'pt', 'tr', 'zh'].sort(),
    );
  });

  it.each<[string, boolean]>([
    ['Priorität', true],
    ['Severidade', true],
    ['Gravité', true],
    ['重要度', true],
    ['심각도', true],
    ['Önem derecesi', true],
    ['Owner', false],
    ['Prioritätenliste', false],
  ])('severity field label %j -> %s', (label, expected) => {
    expect(isSeverityField(label, V)).toBe(expected);
  });

  it.each<[string, string | null]>([
    ['P1-hoch', 'high'],
    ['S2 - Alto', 'medium'],
    ['Majeur', 'medium'],
    ['kritisch', 'high'],
    ['Düşük', 'low'],
    ['banana', null],
  ])('severity answer %j -> %s', (text, level) => {
    const m = matchSeverity({ text, levels, vocabulary: V });
    expect(m.kind === 'level' ? m.level : null).toBe(level);
  });

  it.each<[string, 'none' | 'level' | 'unknown', string | null]>([
    // A template's list of the choices is a placeholder, as `High / Medium / Low` is: no level, no warning.
    ['Haute / Moyenne / Basse', 'none', null],
    ['Hoch | Mittel | Niedrig', 'none', null],
    ['高、中、低', 'none', null],
    ['Alta, Media, Baja', 'none', null],
    ['Alta, Media o Baja', 'none', null],
    ['Haute, Moyenne ou Basse', 'none', null],
    ['Haute - Moyenne - Basse', 'none', null],
    ['高・中・低', 'none', null],
    ['高／中／低', 'none', null],
    ['Kritisch / Hoch / Medium / Niedrig', 'none', null],
    ['Haute / Moyenne / Basse (choisir une)', 'none', null],
    ['High / Medium / Low (pick one)', 'none', null],
    ['High (pick one)', 'level', 'high'],
    // Controls: one level with other words is that level; a list with a word that is no level is not a list.
    ['Haute, avec impact client', 'level', 'high'],
    ['Haute / Inconnue', 'level', 'high'],
    ['Haute / Banane', 'level', 'high'],
  ])('translated severity value %j -> %s %s', (text, kind, level) => {
    const m = matchSeverity({ text, levels, vocabulary: V });
    expect(m.kind).toBe(kind);
    expect(m.kind === 'level' ? m.level : null).toBe(level);
  });

  it('a word from another language is not read when that language is disabled', () => {
    const english = vocabularyOf({ enabled: ['en'] });
    expect(isSeverityField('Priorität', english)).toBe(false);
    expect(matchSeverity({ text: 'Majeur', levels, vocabulary: english }).kind).toBe('unknown');
  });

  it.each<[string, number | null, number | null]>([
    ['Erste 30 Minuten', 30, 30],
    ['Primeros 15 minutos', 15, 15],
    ['最初の15分', 15, 15],
    ['0–15 Dakika', 0, 15],
    ['Minute 0–10: triage', 0, 10],
    ['Immediate actions (0-15 minutes)', 0, 15],
    ['2. Within 1 hour', 60, 60],
    ['Erste Stunde', 60, 60],
    ['처음 30분', 30, 30],
    ['Background', null, null],
    ['Incident 2024-11-28', null, null],
  ])('heading %j -> %s..%s minutes', (text, min, max) => {
    const { deadline } = headingBudget({ text, defaultAnchor: 'start', vocabulary: V });
    expect(deadline ? [deadline.minMinutes, deadline.maxMinutes] : [null, null]).toEqual([min, max]);
  });

  it.each<[string]>([['Immediate actions'], ['1. Immediate actions'], ['Sofortmaßnahmen']])(
    'a bare %j heading keeps its 0-minute reading and is warned about',
    (text) => {
      const budget = headingBudget({ text, defaultAnchor: 'start', vocabulary: V });
      expect(budget.deadline?.maxMinutes).toBe(0);
      expect(budget.warning).toMatch(/overdue as soon as the issue opens/);
    },
  );

  it.each<[string, boolean]>([
    ['Action 1', true],
    ['Action item 2:', true],
    ['[Symptom 1]', true],
    ['Maßnahme 1', true],
    ['アクション1', true],
    ['Add follow-up tasks here', true],
    ['Assign owners and due dates', true],
    ['Hier weitere Maßnahmen eintragen', true],
    ['Añada acciones aquí', true],
    ['Roll back the deploy', false],
    ['Assign the severity above:', false],
    ['Add a retry to the payment client', false],
  ])('fill-in %j -> %s', (text, expected) => {
    expect(isFillIn(text, V)).toBe(expected);
  });

  it.each<[string, string | null]>([
    ['Appoint an experienced incident commander', 'lead'],
    ['Designate someone as IC', 'lead'],
    ['Nominate the incident manager for this shift', 'lead'],
    ['Appoint a communications lead', 'comms'],
    ['Name a note taker', 'scribe'],
    ['Einen Incident Commander benennen', 'lead'],
    ['Désigner un responsable communication', 'comms'],
    ['Asignar un comandante del incidente', 'lead'],
    ['Nomear o líder do incidente', 'lead'],
    ['Nominare un coordinatore', 'lead'],
    ['Wijs een incident manager aan', 'lead'],
    ['Olay yöneticisi atayın', 'lead'],
    ['İletişim sorumlusu atayın', 'comms'],
    ['Wyznacz kierownika incydentu', 'lead'],
    ['インシデントコマンダーを任命する', 'lead'],
    ['指定事件指挥官', 'lead'],
    ['인시던트 커맨더를 지정합니다', 'lead'],
    ['Lead the customer call', null],
    ['Page the database team', null],
  ])('role grammar: %j -> %s', (text, role) => {
    expect(roleEventOf({ text, vocabulary: V })).toBe(role);
  });

  it('completes a role step worded another way through doneEventsOf', () => {
    const settings = { rules: [], builtin: true, prefix: '/incident' };
    expect(doneEventsOf({ text: 'Designate an incident manager', settings })).toEqual(['lead']);
    expect(doneEventsOf({ text: 'Designate an incident manager', settings: { ...settings, builtin: false } })).toEqual(
      [],
    );
  });
});

describe('languages in .github/incident.yml', () => {
  it('enables all built-in languages by default', () => {
    const { config, errors } = parseConfigYaml('');
    expect(errors).toEqual([]);
    expect(config.languages.enabled).toEqual([...BUILTIN_LANGUAGE_CODES]);
  });

  it.each([
    ['**Störungsbeginn:** 2026-12-05 09:20 UTC', '2026-12-05T09:20:00.000Z'],
    ['- **Inicio del impacto:** 2026-12-05 09:20 UTC', '2026-12-05T09:20:00.000Z'],
    ['**Début:** 2026-12-05 10:20 Europe/Paris', '2026-12-05T09:20:00.000Z'],
    ['**Störungsbeginn:** gleich nach dem Deploy', null],
  ])("reads the impact start under a language's own label: %j", (body, start) => {
    expect(parseIncident({ body, options: defaultParseOptions() }).impactStart).toBe(start);
    // The control: with only English enabled, the label is no impact start.
    const english = parseOptionsOf(parseConfigYaml('languages:\n  enabled: [en]\n').config);
    expect(parseIncident({ body, options: english }).impactStart).toBeNull();
  });

  it('a team extends a language with its own words, read as data', () => {
    const { config, errors } = parseConfigYaml(
      [
        'languages:',
        '  enabled: [en]',
        '  custom:',
        '    de:',
        '      fields: { severity: [Auswirkung] }',
        '      severity: { heftig: high }',
        '    sv:',
        '      cues: { answers: [ja, nej] }',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    const options = parseOptionsOf(config);
    expect(options.vocabulary.languages).toEqual(['en', 'de', 'sv']);
    const incident = parseIncident({
      body: '**Auswirkung:** heftig\n\nVar det förebyggbart\n\n- [ ] Ja\n- [ ] Nej\n',
      options,
    });
    expect(incident.severity).toBe('high');
    expect(incident.steps).toEqual([]);
    expect(incident.choices[0]?.options.map((o) => o.text)).toEqual(['Ja', 'Nej']);
  });

  it.each<[string, RegExp]>([
    ['languages:\n  enabled: [xx]\n', /languages\.enabled/],
    ['languages:\n  custom:\n    "not a code": {}\n', /languages\.custom/],
    ['languages:\n  custom:\n    de:\n      severity: { hoch: extreme }\n', /languages\.custom\.de\.severity/],
    ['languages:\n  custom:\n    de:\n      colours: [rot]\n', /languages\.custom\.de/],
  ])('refuses %j with a clear error', (yaml, path) => {
    const { errors } = parseConfigYaml(yaml);
    expect(errors.map((e) => e.path).join(' ')).toMatch(path);
  });
});
