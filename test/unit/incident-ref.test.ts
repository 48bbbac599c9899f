import { describe, expect, it } from '@jest/globals';
import { incidentKey, parseIncidentKey, type IncidentRef } from '../../src/domain/incident/incident-ref.js';

describe('the incident key: one writer, one reader', () => {
  it.each<[IncidentRef, string]>([
    [{ owner: 'acme', repo: 'app', number: 7 }, 'acme/app#7'],
    [{ owner: 'a-b', repo: 'x.y_z', number: 12 }, 'a-b/x.y_z#12'],
  ])('%j <-> %s', (ref, key) => {
    expect(incidentKey(ref)).toBe(key);
    expect(parseIncidentKey(key)).toEqual(ref);
  });

  it.each(['acme/app', 'acme#7', 'acme/app#', 'acme/app#7 ', 'ac me/app#7', 'a/b/c#1', '../x#1x'])(
    'untrusted text that is not a key: %j',
    (text) => expect(parseIncidentKey(text)).toBeNull(),
  );
});
