import { describe, expect, it } from '@jest/globals';
import { marker } from '../../src/domain/incident/markers.js';
import {
  sealAppComment,
  sealedMaintenanceComments,
  sealStatusBody,
  statusSealValid,
  unsealMaintenanceBody,
} from '../../src/domain/trust/status-seal.js';
import { renderMaintenanceComment } from '../../src/render/maintenance-comment.js';

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

describe('the maintenance comment seal (Action mode: every workflow writes as github-actions[bot])', () => {
  const own = renderMaintenanceComment({ problems: ['the **End:** is not after the **Start:**'] });
  const sealedOwn = sealAppComment({ body: own, seal, incidentKey });
  const comment = (body: string, id = 1) => ({
    id,
    body,
    author: 'github-actions[bot]',
    createdAt: '2026-12-04T10:00:00Z',
    updatedAt: '2026-12-04T10:00:00Z',
    htmlUrl: `https://github.com/acme/shop/issues/7#issuecomment-${id}`,
    plusOnes: 0,
  });

  it.each([
    ['its own sealed comment, same key and issue', sealedOwn, seal, incidentKey, own],
    ['the marker alone (a forged comment)', own, seal, incidentKey, null],
    ['another key', sealedOwn, { key: 'k2' }, incidentKey, null],
    ['copied to another issue', sealedOwn, seal, 'acme/shop#8', null],
    ['its text changed under the seal', sealedOwn.replace('not after', 'after'), seal, incidentKey, null],
    [
      'a status seal pasted after the maintenance marker',
      `${marker('maintenance')}${sealed.slice(sealed.indexOf('<!-- incident-responder:seal'))}`,
      seal,
      incidentKey,
      null,
    ],
    ['its seal cut short', sealedOwn.replace(/[0-9a-f]{64}/, 'abc'), seal, incidentKey, null],
    [
      'stored with CRLF line endings and without its last newline',
      sealedOwn.replace(/\n/g, '\r\n').trimEnd(),
      seal,
      incidentKey,
      own.replace(/\n/g, '\r\n').trimEnd(),
    ],
  ])('%s', (_name, text, key, ref, expected) => {
    expect(unsealMaintenanceBody({ body: text, seal: key, incidentKey: ref })).toBe(expected);
  });

  it('seals only the maintenance comment as such, and a status comment as before', () => {
    expect(sealedOwn).toMatch(
      /^<!-- incident-responder:maintenance --><!-- incident-responder:seal [0-9a-f]{64} -->\n/,
    );
    expect(sealAppComment({ body, seal, incidentKey })).toBe(sealed);
    expect(sealAppComment({ body: 'no marker', seal, incidentKey })).toBe('no marker');
  });

  it('with a key, a forged maintenance comment is left out and its own is shown unsealed; without, all are kept', () => {
    const comments = [comment(own, 1), comment('Thanks for the report!', 2), comment(sealedOwn, 3)];
    expect(sealedMaintenanceComments({ comments, seal, incidentKey })).toEqual([
      comment('Thanks for the report!', 2),
      comment(own, 3),
    ]);
    // Control: without a key the forged one (the first) is there for the plan to take as the app's.
    expect(sealedMaintenanceComments({ comments, seal: undefined, incidentKey })[0]?.body).toBe(own);
  });
});
