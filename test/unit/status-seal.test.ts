import { describe, expect, it } from '@jest/globals';
import { marker } from '../../src/domain/incident/markers.js';
import { sealStatusBody, statusSealValid } from '../../src/domain/trust/status-seal.js';

const seal = { key: 'k1' };
const incidentKey = 'acme/shop#7';
const body = `${marker('status', { v: 1, summary: 'Checkout down' })}\nvisible text\n`;
const sealed = sealStatusBody({ body, seal, incidentKey });

describe('the status comment seal (issue #25, finding 5)', () => {
  it.each([
    ['the sealed body, same key and incident', sealed, seal, incidentKey, true],
    ['the same body unsealed', body, seal, incidentKey, false],
    ['another key', sealed, { key: 'k2' }, incidentKey, false],
    ['copied to another incident', sealed, seal, 'acme/shop#8', false],
    ['its metadata changed', sealed.replace('Checkout down', 'False alarm'), seal, incidentKey, false],
    ['its seal cut short', sealed.replace(/[0-9a-f]{64}/, 'abc'), seal, incidentKey, false],
    ['a seal without a status marker', `hello ${sealed}`, seal, incidentKey, false],
  ])('%s: %s', (_name, text, key, ref, expected) => {
    expect(statusSealValid({ body: text, seal: key, incidentKey: ref })).toBe(expected);
  });

  it('keeps the visible text and the marker in place', () => {
    expect(sealed.startsWith(body.split('\n')[0] ?? '')).toBe(true);
    expect(sealed.endsWith('\nvisible text\n')).toBe(true);
    expect(sealStatusBody({ body: 'no marker', seal, incidentKey })).toBe('no marker');
  });
});
