import { describe, expect, it } from '@jest/globals';
import { loggableError } from '../../src/runtime/loggable-error.js';

/** A refused key must log one line (the production install greps for stack frames), a bug its stack. */
describe('loggableError', () => {
  const refused = Object.assign(new Error('A JSON web token could not be decoded'), { status: 401 });
  const bug = new TypeError('x is undefined');
  it.each<[string, unknown, unknown]>([
    ['an HTTP refusal: status and message', refused, { status: 401, reason: 'A JSON web token could not be decoded' }],
    ['a status without a message', { status: 503 }, { status: 503, reason: 'HTTP 503' }],
    ['a bug keeps the error (and its stack)', bug, { err: bug }],
    ['a string status is not GitHub', { status: '401' }, { err: { status: '401' } }],
    ['null', null, { err: null }],
  ])('%s', (_name, error, expected) => {
    expect(loggableError(error)).toEqual(expected);
  });
});
