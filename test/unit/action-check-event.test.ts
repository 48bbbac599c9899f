import { describe, expect, it } from '@jest/globals';
import { jobOf } from '../../src/action/event.js';

const repository = { owner: 'acme', repo: 'shop' };
const pull = (action: string) => ({ action, pull_request: { number: 7, head: { sha: 'a'.repeat(40) } } });

describe('the Action on pull_request: a config check', () => {
  it.each(['opened', 'synchronize', 'reopened'])('%s: a check of the head commit', (action) => {
    expect(jobOf({ eventName: 'pull_request', payload: pull(action), repository, botLogin: '' })).toEqual({
      kind: 'check',
      pull: 7,
      headSha: 'a'.repeat(40),
      why: `pull_request.${action} #7`,
    });
  });

  it.each(['closed', 'labeled', 'edited'])('%s: nothing to do', (action) => {
    expect(jobOf({ eventName: 'pull_request', payload: pull(action), repository, botLogin: '' }).kind).toBe('skip');
  });
});
