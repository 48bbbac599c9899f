import { foldText, type Phrases } from './languages/phrases.js';
import type { Vocabulary } from './languages/vocabulary.js';

/**
 * Done-when for roles as a small grammar, not a phrase list: a verb that gives a role (assign, appoint,
 * designate, name, nominate, pick, take; "benennen", "désigner", "asignar", "任命", "지정", ...) and a
 * role noun (lead, commander, IC, incident manager; scribe; comms), in either order (verb-final
 * languages put the verb last), with at most MAX_GAP words between ("Appoint an experienced incident
 * commander", "Einen Incident Commander benennen", "インシデントコマンダーを任命する"). The most specific
 * noun wins: "Appoint a communications lead" is comms, not lead. Linear: bounded words, literal phrases.
 */
export type RoleEvent = 'lead' | 'scribe' | 'comms';

const MAX_GAP = 4;
const MAX_WORDS = 60;
/** In scripts without spaces, the gap is counted in characters. */
const MAX_GAP_CHARS = 12;

interface Span {
  start: number;
  end: number;
  role?: RoleEvent;
}

function spacedSpans(words: readonly string[], phrases: Phrases, role?: RoleEvent): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < words.length; i++) {
    const rest = `${words.slice(i, i + 6).join(' ')} `;
    const hit = phrases.spaced.find((p) => rest.startsWith(`${p} `));
    if (hit !== undefined) spans.push({ start: i, end: i + hit.split(' ').length, ...(role ? { role } : {}) });
  }
  return spans;
}

function unspacedSpans(text: string, phrases: Phrases, role?: RoleEvent): Span[] {
  const spans: Span[] = [];
  for (const p of phrases.unspaced) {
    let at = text.indexOf(p);
    for (let n = 0; at !== -1 && n < 8; n++) {
      spans.push({ start: at, end: at + p.length, ...(role ? { role } : {}) });
      at = text.indexOf(p, at + p.length);
    }
  }
  return spans;
}

/** Role spans without those inside a longer one ("lead" inside "communications lead"). */
function outermost(spans: readonly Span[]): Span[] {
  return spans.filter(
    (s) => !spans.some((o) => o !== s && o.start <= s.start && o.end >= s.end && o.end - o.start > s.end - s.start),
  );
}

function pair(verbs: readonly Span[], roles: readonly Span[], gap: number): RoleEvent | null {
  const sorted = [...roles].sort((a, b) => a.start - b.start);
  for (const role of sorted) {
    for (const verb of verbs) {
      const between = verb.end <= role.start ? role.start - verb.end : verb.start - role.end;
      if (between >= 0 && between <= gap && role.role) return role.role;
    }
  }
  return null;
}

function rolesOf(vocabulary: Vocabulary): Array<[RoleEvent, Phrases]> {
  return [
    ['lead', vocabulary.roles.lead],
    ['scribe', vocabulary.roles.scribe],
    ['comms', vocabulary.roles.comms],
  ];
}

/** The role a step gives ("Appoint an incident commander" -> lead), or null. */
export function roleEventOf(params: { text: string; vocabulary: Vocabulary }): RoleEvent | null {
  const folded = foldText(params.text.slice(0, 400));
  if (folded === '') return null;
  const words = folded.split(' ').slice(0, MAX_WORDS);
  const roles = rolesOf(params.vocabulary);
  const spaced = pair(
    spacedSpans(words, params.vocabulary.doneVerbs),
    outermost(roles.flatMap(([role, phrases]) => spacedSpans(words, phrases, role))),
    MAX_GAP,
  );
  if (spaced) return spaced;
  const text = words.join(' ');
  return pair(
    unspacedSpans(text, params.vocabulary.doneVerbs),
    outermost(roles.flatMap(([role, phrases]) => unspacedSpans(text, phrases, role))),
    MAX_GAP_CHARS,
  );
}
